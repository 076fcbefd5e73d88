// Summary accumulation and rendering.
#include "scoring/summary.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/json_writer.hpp"
#include "runtime/errors.hpp"
#include "runtime/values.hpp"

namespace bareme::scoring {

std::string money128(__int128 cents) {
  if (cents > INT64_MAX || cents < INT64_MIN) return "(beyond 92 233 720 368 547 758.07 €)";
  return runtime::format_money(static_cast<int64_t>(cents));
}

std::string euros128(__int128 cents) {
  if (cents > INT64_MAX || cents < INT64_MIN) return "null";
  return runtime::format_scaled(static_cast<int64_t>(cents), 2, 2);
}

std::string share(size_t part, size_t whole) {
  return whole == 0 ? "0 %"
                    : fmt::format("{:.2f} %",
                                  100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

Summary::Summary(const ir::Program& program, ir::Index scheme, std::optional<AidColumns> aids)
    : program_(program), scheme_(scheme) {
  refusals_.assign(engine::refusal_slots(program.schemes[scheme]), 0);
  if (!aids) aids = aid_columns(program, scheme);
  aid_index_ = aids->index;
  aid_names_ = aids->name;
  removed_.assign(aid_names_.size(), 0);
}

void Summary::add(const engine::RowResult& row) {
  ++rows_;
  if (row.error) {
    ++(row.error == static_cast<uint8_t>(runtime::ErrorCode::MissingInput) ? undecided_
                                                                           : runtime_errors_);
    return;
  }
  count_refusals(row.failed.data(), row.failed.size());
  for (size_t a = 0; a < removed_.size(); ++a) {
    const size_t k = aid_index_[a];
    if (k < row.aid_before.size())
      removed_[a] += static_cast<__int128>(row.aid_before[k]) - row.aid_after[k];
  }
  if (row.eligible) add_eligible(row.amount);
}

void Summary::add(const engine::Outputs& o, size_t r) {
  ++rows_;
  if (o.error[r]) {
    ++(o.error[r] == static_cast<uint8_t>(runtime::ErrorCode::MissingInput) ? undecided_
                                                                            : runtime_errors_);
    return;
  }
  count_refusals(o.failed_of(r), o.failed_words);
  for (size_t a = 0; a < removed_.size(); ++a) {
    const size_t k = aid_index_[a];
    if (k < o.aid_before.size())
      removed_[a] += static_cast<__int128>(o.aid_before[k][r]) - o.aid_after[k][r];
  }
  if (o.eligible[r]) add_eligible(o.amount[r]);
}

void Summary::count_refusals(const uint64_t* words, size_t count) {
  // Only the set bits: most rows fail no condition or few.
  for (size_t w = 0; w < count; ++w) {
    for (uint64_t bits = words[w]; bits; bits &= bits - 1) {
      const size_t k = w * 64 + static_cast<size_t>(__builtin_ctzll(bits));
      if (k < refusals_.size()) ++refusals_[k];
    }
  }
}

void Summary::add_eligible(int64_t amount) {
  ++eligible_;
  total_ += amount;
  amounts_.add(amount);
  // Reservoir sampling keeps a uniform sample of the eligible amounts.
  ++seen_eligible_;
  if (sample_.size() < kSample) {
    sample_.push_back(amount);
  } else if (const uint64_t slot = rng_() % seen_eligible_; slot < kSample) {
    sample_[slot] = amount;
  }
}

std::vector<int64_t> Summary::quantiles() const {
  std::vector<int64_t> sorted = sample_;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> out;
  for (int p : {10, 25, 50, 75, 90, 99}) {
    // The nearest-rank quantile.
    const size_t rank = sorted.empty() ? 0 : (static_cast<size_t>(p) * sorted.size() + 99) / 100;
    out.push_back(sorted.empty() ? 0 : sorted[std::max<size_t>(rank, 1) - 1]);
  }
  return out;
}

std::string Summary::text() const {
  const auto& s = program_.schemes[scheme_];
  // Rows that lack an input the answer depends on (docs/semantics.md §3.12) are said apart.
  std::string out = fmt::format("{}: {} rows scored, {} with errors ({} bad input, {} runtime{})\n",
                                s.name, rows_, errors(), input_errors_, runtime_errors_,
                                undecided_ ? fmt::format(", {} missing an input", undecided_) : "");
  const size_t evaluated = rows_ - errors();
  out += fmt::format("  eligible: {} ({} of the rows evaluated)\n", eligible_,
                     share(eligible_, evaluated));
  out += fmt::format("  total amount: {}; mean per eligible application: {}\n", money128(total_),
                     eligible_ ? money128(total_ / static_cast<__int128>(eligible_)) : "-");
  if (eligible_) {
    const auto q = quantiles();
    out += fmt::format("  amount quantiles{}: p10 {}, p25 {}, p50 {}, p75 {}, p90 {}, p99 {}\n",
                       seen_eligible_ > kSample ? " (from a sample of 100 000)" : "",
                       runtime::format_money(q[0]), runtime::format_money(q[1]),
                       runtime::format_money(q[2]), runtime::format_money(q[3]),
                       runtime::format_money(q[4]), runtime::format_money(q[5]));
  }
  if (std::any_of(refusals_.begin(), refusals_.end(), [](size_t n) { return n > 0; })) {
    out += "  refusals by condition (an application may fail several):\n";
    for (size_t k = 0; k < refusals_.size(); ++k) {
      if (refusals_[k] == 0) continue;
      const std::string& citation =
          k < s.conditions.size() ? s.conditions[k].citation : s.amount_citation;
      out += fmt::format("    {:>10}  {}{}\n", refusals_[k], engine::refusal_name(s, k),
                         citation.empty() ? "" : "  § " + citation);
    }
  }
  for (size_t a = 0; a < aid_names_.size(); ++a) {
    out += fmt::format("  removed by cumulation caps from {}: {}\n", aid_names_[a],
                       money128(removed_[a]));
  }
  return out;
}

std::string Summary::json() const {
  const auto& s = program_.schemes[scheme_];
  report::JsonWriter w;
  w.begin_object().field("scheme", s.name);
  w.field_number("rows", std::to_string(rows_)).field_number("errors", std::to_string(errors()));
  w.field_number("input_errors", std::to_string(input_errors_))
      .field_number("runtime_errors", std::to_string(runtime_errors_))
      .field_number("missing_input", std::to_string(undecided_));
  w.field_number("eligible", std::to_string(eligible_));
  const size_t evaluated = rows_ - errors();
  w.field_number("eligible_share", evaluated
                                       ? fmt::format("{:.6f}", static_cast<double>(eligible_) /
                                                                   static_cast<double>(evaluated))
                                       : "0");
  w.field_number("total_amount", euros128(total_));
  w.field_number("mean_amount",
                 eligible_ ? euros128(total_ / static_cast<__int128>(eligible_)) : "0.00");
  w.key("amount_quantiles").begin_object();
  const auto q = quantiles();
  const char* names[] = {"p10", "p25", "p50", "p75", "p90", "p99"};
  for (size_t i = 0; i < q.size(); ++i)
    w.field_number(names[i], runtime::format_scaled(q[i], 2, 2));
  w.end_object().field_bool("quantiles_sampled", seen_eligible_ > kSample);
  w.key("refusals").begin_array();
  for (size_t k = 0; k < refusals_.size(); ++k) {
    // The amount's slot only when some amount was not applicable.
    if (k == s.conditions.size() && refusals_[k] == 0) continue;
    w.begin_object()
        .field("condition", engine::refusal_name(s, k))
        .field("citation", k < s.conditions.size() ? s.conditions[k].citation : s.amount_citation);
    w.field_number("count", std::to_string(refusals_[k])).end_object();
  }
  w.end_array().key("removed_by_caps").begin_array();
  for (size_t a = 0; a < aid_names_.size(); ++a) {
    w.begin_object()
        .field("aid", aid_names_[a])
        .field_number("amount", euros128(removed_[a]))
        .end_object();
  }
  w.end_array().end_object();
  return w.str();
}

void ReformDiff::add(const engine::RowResult& base, const engine::RowResult& reform) {
  const int64_t b = base.error ? 0 : base.amount, r = reform.error ? 0 : reform.amount;
  baseline_total += b;
  reform_total += r;
  if (base.error || reform.error) {
    ++not_compared;
    return;
  }
  if (r != b) change.add(static_cast<__int128>(r) - b);
  if (r > b)
    ++gain;
  else if (r < b)
    ++lose;
  else
    ++unchanged;
  const bool was = base.eligible, is = reform.eligible;
  if (!was && is) ++became_eligible;
  if (was && !is) ++became_ineligible;
}

std::string ReformDiff::text() const {
  std::string out = fmt::format(
      "reform against baseline:\n  total cost: {} → {} (difference {})\n"
      "  applications that gain: {}, lose: {}, unchanged: {}\n  became eligible: {}, became "
      "ineligible: {}\n",
      money128(baseline_total), money128(reform_total), money128(reform_total - baseline_total),
      gain, lose, unchanged, became_eligible, became_ineligible);
  if (not_compared)
    out += fmt::format("  not compared: {} (undecided on one side)\n", not_compared);
  return out;
}

}  // namespace bareme::scoring
