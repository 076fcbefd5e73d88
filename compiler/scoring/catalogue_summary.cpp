// Accumulating and rendering the summary of `score --all` and `simulate --all`.
#include "scoring/catalogue_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "report/json_writer.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {
namespace {

constexpr const char* kPolicies[] = {"first", "sum", "best"};

// `text` padded with spaces to `width` characters (UTF-8 code points).
std::string padded(const std::string& text, size_t width) {
  size_t chars = 0;
  for (const char ch : text) chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return text + std::string(width > chars ? width - chars : 0, ' ');
}

}  // namespace

CatalogueSummary::CatalogueSummary(const Catalogue& c) : c_(c), counts_(c.targets().size()) {}

void CatalogueSummary::add(const std::vector<engine::Outputs>& o, const RowTotals& t, size_t n) {
  rows_ += n;
  undecided_aid_.assign(n, 0);
  for (size_t k = 0; k < counts_.size(); ++k) {
    Count& count = counts_[k];
    const auto& out = o[k];
    for_each_named_row(out, n, [&](size_t r) {
      if (out.error[r]) {
        ++count.undecided;
        undecided_aid_[r] = 1;
      } else {
        ++count.applies;
        count.amount += out.amount[r];
      }
    });
  }
  for (size_t r = 0; r < n; ++r) {
    with_aid_ += t.some_aid[r];
    rows_with_undecided_aid_ += undecided_aid_[r];
    if (t.error[r]) {
      ++undecided_rows_;
    } else {
      total_ += t.total[r];
      if (c_.has_levels() && t.some_aid[r]) totals_.add(t.total[r]);
    }
  }
}

void CatalogueSummary::merge(const CatalogueSummary& other) {
  for (size_t k = 0; k < counts_.size(); ++k) {
    counts_[k].applies += other.counts_[k].applies;
    counts_[k].undecided += other.counts_[k].undecided;
    counts_[k].amount += other.counts_[k].amount;
  }
  rows_ += other.rows_;
  input_errors_ += other.input_errors_;
  undecided_rows_ += other.undecided_rows_;
  rows_with_undecided_aid_ += other.rows_with_undecided_aid_;
  with_aid_ += other.with_aid_;
  total_ += other.total_;
  totals_.merge(other.totals_);
}

void CatalogueSummary::clear() {
  std::fill(counts_.begin(), counts_.end(), Count{});
  rows_ = input_errors_ = undecided_rows_ = rows_with_undecided_aid_ = with_aid_ = 0;
  total_ = 0;
  totals_ = Histogram();
}

std::string CatalogueSummary::text(size_t shown) const {
  const ir::Program& p = c_.program();
  const size_t schemes = c_.schemes();
  std::string out =
      c_.has_levels()
          ? fmt::format(
                "{}, every aid ({} schemes, {} levels): {} rows scored, {} with errors ({} "
                "bad input, {} whose total a level could not decide)\n",
                p.modules.back().name, schemes, p.levels.size(), rows_, errors(), input_errors_,
                undecided_rows_)
          : fmt::format("{}, every aid ({} schemes, no level): {} rows scored, {} bad input{}\n",
                        p.modules.back().name, schemes, rows_, input_errors_,
                        rows_with_undecided_aid_
                            ? fmt::format(", {} where some aid cannot decide (a missing input, "
                                          "a runtime error)",
                                          rows_with_undecided_aid_)
                            : "");
  const size_t evaluated = rows_ - input_errors_;
  out += fmt::format("  rows where some aid applies: {} ({} of the rows evaluated)\n", with_aid_,
                     share(with_aid_, evaluated));
  if (!c_.has_levels()) {
    out +=
        "  no total: the project declares no level, so nothing says how its aids add up "
        "(docs/scoring.md)\n";
  } else {
    const size_t decided = evaluated - undecided_rows_;
    out += fmt::format("  total of the top levels: {}; mean per row with a total: {}\n",
                       money128(total_),
                       decided ? money128(total_ / static_cast<__int128>(decided)) : "-");
  }
  size_t width = 10;
  for (const ir::Index l : c_.shown_levels())
    width = std::max(width, c_.level_name(l).size() + (c_.top(l) ? 6 : 0));
  for (const auto& s : p.schemes) width = std::max(width, s.name.size());
  width = std::min<size_t>(width, 40) + 2;
  if (c_.has_levels()) {
    out += fmt::format("  {}{:<8}{:>10}{:>11}{:>20}\n", padded("level", width), "policy", "applies",
                       "undecided", "amount");
    for (const ir::Index l : c_.shown_levels()) {
      const Count& k = counts_[schemes + l];
      out += fmt::format("  {}{:<8}{:>10}{:>11}{:>20}\n",
                         padded(c_.level_name(l) + (c_.top(l) ? " (top)" : ""), width),
                         kPolicies[static_cast<int>(p.levels[l].policy)], k.applies, k.undecided,
                         money128(k.amount));
    }
  }
  // The aids of largest amount (ties in program order), then those left out that could not
  // decide in some row: an analyst must see them.
  std::vector<size_t> order(schemes);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return counts_[a].amount > counts_[b].amount; });
  const size_t listed = std::min(shown, schemes);
  if (listed < schemes)
    out += fmt::format("  the {} aids of largest amount, of {}:\n", listed, schemes);
  out += fmt::format("  {}{:>8}{:>10}{:>11}{:>20}\n", padded("aid", width), "", "eligible",
                     "undecided", "amount");
  for (size_t i = 0; i < listed; ++i) {
    const Count& k = counts_[order[i]];
    out += fmt::format("  {}{:>8}{:>10}{:>11}{:>20}\n", padded(p.schemes[order[i]].name, width), "",
                       k.applies, k.undecided, money128(k.amount));
  }
  if (listed < schemes) {
    std::string undecided;
    size_t more = 0;
    for (size_t i = listed; i < schemes; ++i) {
      if (counts_[order[i]].undecided == 0) continue;
      if (++more <= 5)
        undecided += fmt::format("{}{} ({} rows)", undecided.empty() ? "" : ", ",
                                 p.schemes[order[i]].name, counts_[order[i]].undecided);
    }
    out += fmt::format("  … {} more aids in the JSON summary (--summary FILE)\n", schemes - listed);
    if (more) {
      out += fmt::format("  among them, undecided in some rows: {}{}\n", undecided,
                         more > 5 ? fmt::format(" and {} more", more - 5) : "");
    }
  }
  return out;
}

std::string CatalogueSummary::json() const {
  const ir::Program& p = c_.program();
  const size_t schemes = c_.schemes();
  report::JsonWriter w;
  w.begin_object().field("project", p.modules.back().name);
  w.field_number("rows", std::to_string(rows_)).field_number("errors", std::to_string(errors()));
  w.field_number("input_errors", std::to_string(input_errors_))
      .field_number("undecided_total", std::to_string(undecided_rows_))
      .field_number("rows_with_an_undecided_aid", std::to_string(rows_with_undecided_aid_));
  w.field_number("rows_with_an_aid", std::to_string(with_aid_));
  w.field_number("total_amount", c_.has_levels() ? euros128(total_) : "null");
  w.key("levels").begin_array();
  for (const ir::Index l : c_.shown_levels()) {
    const Count& k = counts_[schemes + l];
    w.begin_object()
        .field("level", c_.level_name(l))
        .field("title", p.levels[l].title)
        .field("policy", kPolicies[static_cast<int>(p.levels[l].policy)])
        .field_bool("top", c_.top(l));
    w.field_number("applies", std::to_string(k.applies))
        .field_number("undecided", std::to_string(k.undecided))
        .field_number("total_amount", euros128(k.amount))
        .end_object();
  }
  w.end_array().key("aids").begin_array();
  for (size_t s = 0; s < schemes; ++s) {
    const Count& k = counts_[s];
    w.begin_object().field("aid", p.schemes[s].name).field("title", p.schemes[s].title);
    w.field_number("eligible", std::to_string(k.applies))
        .field_number("undecided", std::to_string(k.undecided))
        .field_number("total_amount", euros128(k.amount))
        .end_object();
  }
  w.end_array().end_object();
  return w.str();
}

}  // namespace bareme::scoring
