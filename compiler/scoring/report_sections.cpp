// Building the HTML report's sections from a run's summaries.
#include "scoring/report_sections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <numeric>
#include <ostream>

#include "runtime/values.hpp"

namespace bareme::scoring {
namespace {

using html_report::Bar;
using html_report::Chart;
using html_report::Figure;
using html_report::Section;

constexpr size_t kShownAids = 30;   // bars of the per-aid charts
constexpr size_t kTableRows = 500;  // rows of the per-aid table

Figure count(const std::string& key, const std::string& label, size_t n) {
  return {key, label, fmt::format("{}", n), std::to_string(n)};
}

Figure money(const std::string& key, const std::string& label, __int128 cents) {
  return {key, label, money128(cents), euros128(cents)};
}

Bar count_bar(const std::string& label, size_t n, const std::string& note = "") {
  return {label, std::to_string(n), static_cast<double>(n), note, ""};
}

Bar money_bar(const std::string& label, __int128 cents) {
  return {label, money128(cents), static_cast<double>(cents < 0 ? -cents : cents), "", ""};
}

}  // namespace

html_report::Chart histogram_chart(const Histogram& h, const std::string& id,
                                   const std::string& title, const std::string& caption) {
  Chart chart{id, title, caption, {}};
  for (const auto& b : h.bins()) chart.bars.push_back(count_bar(b.label(), b.count));
  return chart;
}

html_report::Section summary_section(const Summary& s, const std::string& id,
                                     const std::string& title) {
  const auto& scheme = s.program_.schemes[s.scheme_];
  const size_t evaluated = s.rows_ - s.errors();
  Section out{id, title, scheme.name + (scheme.title.empty() ? "" : ": " + scheme.title),
              {}, {},    {}};
  out.figures = {count("rows", "rows", s.rows_),
                 count("eligible", "eligible", s.eligible_),
                 count("refused", "refused", evaluated - s.eligible_),
                 count("errors", "errors", s.errors()),
                 money("total_amount", "total amount", s.total_),
                 money("mean_amount", "mean per eligible",
                       s.eligible_ ? s.total_ / static_cast<__int128>(s.eligible_) : 0)};
  const auto q = s.quantiles();
  if (s.eligible_)
    out.figures.push_back({"p50",
                           s.seen_eligible_ > Summary::kSample
                               ? "median amount (from a sample of 100 000)"
                               : "median amount",
                           runtime::format_money(q[2]), runtime::format_scaled(q[2], 2, 2)});
  out.charts.push_back(
      {id + "-outcomes",
       "Outcomes",
       "Every row scored, by what it ended in.",
       {count_bar("eligible", s.eligible_), count_bar("refused", evaluated - s.eligible_),
        count_bar("missing an input", s.undecided_), count_bar("runtime error", s.runtime_errors_),
        count_bar("bad input", s.input_errors_)}});
  out.charts.push_back(histogram_chart(s.amounts_, id + "-amounts", "Amounts of the eligible rows",
                                       "Rows per amount, in bins of a logarithmic scale (ten per "
                                       "decade from 0.10 €, seven below); exact counts."));
  Chart refusals{id + "-refusals",
                 "Refusals by condition",
                 "Rows refused by each condition, with its citation (a row may fail several).",
                 {}};
  for (size_t k = 0; k < s.refusals_.size(); ++k) {
    if (k == scheme.conditions.size() && s.refusals_[k] == 0) continue;
    const bool condition = k < scheme.conditions.size();
    Bar bar = count_bar(engine::refusal_name(scheme, k), s.refusals_[k],
                        condition ? scheme.conditions[k].citation : scheme.amount_citation);
    if (condition && !scheme.conditions[k].message.empty())
      bar.detail = scheme.conditions[k].message;
    refusals.bars.push_back(std::move(bar));
  }
  out.charts.push_back(std::move(refusals));
  if (!s.aid_names_.empty()) {
    Chart caps{id + "-caps",
               "Removed by cumulation caps",
               "Per aid: amount before the caps minus after, summed.",
               {}};
    for (size_t a = 0; a < s.aid_names_.size(); ++a)
      caps.bars.push_back(money_bar(s.aid_names_[a], s.removed_[a]));
    out.charts.push_back(std::move(caps));
  }
  return out;
}

html_report::Section reform_section(const ReformDiff& d, size_t not_compared) {
  Section out{"difference",
              "Reform against baseline",
              "The same rows scored by the baseline and by the reform.",
              {},
              {},
              {}};
  out.figures = {money("baseline_total", "baseline total", d.baseline_total),
                 money("reform_total", "reform total", d.reform_total),
                 money("difference", "difference", d.reform_total - d.baseline_total),
                 count("gain", "rows that gain", d.gain),
                 count("lose", "rows that lose", d.lose),
                 count("unchanged", "unchanged", d.unchanged),
                 count("became_eligible", "became eligible", d.became_eligible),
                 count("became_ineligible", "became ineligible", d.became_ineligible)};
  not_compared += d.not_compared;
  if (not_compared)
    out.figures.push_back(
        count("not_compared", "not compared (undecided on one side)", not_compared));
  out.charts.push_back(
      {"reform-totals",
       "Total spend",
       "Baseline beside reform.",
       {money_bar("baseline", d.baseline_total), money_bar("reform", d.reform_total)}});
  out.charts.push_back(
      {"reform-winners",
       "Winners and losers",
       "Rows by the way their amount moved.",
       {count_bar("gain", d.gain), count_bar("lose", d.lose), count_bar("unchanged", d.unchanged),
        count_bar("became eligible", d.became_eligible),
        count_bar("became ineligible", d.became_ineligible)}});
  out.charts.push_back(histogram_chart(d.change, "reform-change", "Distribution of the change",
                                       "Reform minus baseline, rows that changed only; bins of a "
                                       "logarithmic scale on each side of zero."));
  return out;
}

std::vector<html_report::Section> catalogue_sections(const CatalogueSummary& s) {
  const Catalogue& c = s.c_;
  const ir::Program& p = c.program();
  const size_t schemes = c.schemes();
  Section main{
      "catalogue",
      "Catalogue",
      fmt::format("{}: {} aids, {} levels", p.modules.back().name, schemes, p.levels.size()),
      {},
      {},
      {}};
  main.figures = {count("rows", "rows", s.rows_),
                  count("rows_with_an_aid", "rows with an aid", s.with_aid_),
                  count("errors", "errors", s.errors())};
  if (c.has_levels())
    main.figures.push_back(money("total_amount", "total of the top levels", s.total_));
  if (c.has_levels())
    main.charts.push_back(histogram_chart(s.totals_, "catalogue-totals", "Row totals",
                                          "Rows with some aid, per total of the top levels."));
  Chart levels{"catalogue-levels", "Amount per level", "The top levels are marked.", {}};
  html_report::Table level_table{
      "levels-table", "Levels", "", {"level", "policy", "applies", "undecided", "amount"}, {}};
  constexpr const char* kPolicies[] = {"first", "sum", "best"};
  for (const ir::Index l : c.shown_levels()) {
    const auto& k = s.counts_[schemes + l];
    const std::string name = c.level_name(l) + (c.top(l) ? " (top)" : "");
    levels.bars.push_back(money_bar(name, k.amount));
    level_table.rows.push_back({name, kPolicies[static_cast<int>(p.levels[l].policy)],
                                std::to_string(k.applies), std::to_string(k.undecided),
                                money128(k.amount)});
  }
  if (c.has_levels()) main.charts.push_back(std::move(levels));
  std::vector<size_t> order(schemes);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return s.counts_[a].amount > s.counts_[b].amount; });
  const size_t shown = std::min(schemes, kShownAids);
  const std::string of =
      shown < schemes ? fmt::format(" (the {} largest of {})", shown, schemes) : "";
  Chart amounts{
      "catalogue-aids", "Amount per aid" + of, "Before the levels choose among them.", {}};
  Chart eligible{"catalogue-eligible", "Eligible rows per aid" + of, "", {}};
  html_report::Table aid_table{
      "aids-table", "Aids", "", {"aid", "title", "eligible", "undecided", "amount"}, {}};
  for (size_t i = 0; i < schemes; ++i) {
    const auto& k = s.counts_[order[i]];
    const auto& scheme = p.schemes[order[i]];
    if (i < shown) {
      amounts.bars.push_back(money_bar(scheme.name, k.amount));
      eligible.bars.push_back(count_bar(scheme.name, k.applies));
    }
    if (i < kTableRows)
      aid_table.rows.push_back({scheme.name, scheme.title, std::to_string(k.applies),
                                std::to_string(k.undecided), money128(k.amount)});
  }
  if (schemes > kTableRows)
    aid_table.caption = fmt::format("The {} aids of largest amount, of {}.", kTableRows, schemes);
  main.charts.push_back(std::move(amounts));
  main.charts.push_back(std::move(eligible));
  if (c.has_levels()) main.tables.push_back(std::move(level_table));
  main.tables.push_back(std::move(aid_table));
  return {std::move(main)};
}

html_report::ReportData report_data(std::string title, std::string subject, std::string command) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
  html_report::ReportData data;
  data.title = std::move(title);
  data.subject = std::move(subject);
  data.date = text;
  data.command = std::move(command);
  return data;
}

bool write_report(const html_report::ReportData& data, std::ostream& out) {
  out << html_report::render(data);
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace bareme::scoring
