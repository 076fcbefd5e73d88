// The budget picture of a scored population: counts, totals, quantiles, refusals by condition,
// what cumulation caps removed; and the difference between a reform and its baseline.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/batch.hpp"
#include "ir/ir.hpp"
#include "scoring/aids.hpp"
#include "scoring/histogram.hpp"

namespace bareme::html_report {
struct Section;
}

namespace bareme::scoring {

// Totals are summed in 128 bits. As text ("1 234.50 €"), one past the 64-bit range is shown as
// such; as a JSON number ("1234.50"), it is null.
std::string money128(__int128 cents);
std::string euros128(__int128 cents);
// `part` as a percentage of `whole`: "12.50 %".
std::string share(size_t part, size_t whole);

class Summary;
class CatalogueSummary;
struct ReformDiff;
// The report's sections (scoring/report_sections.cpp).
html_report::Section summary_section(const Summary& summary, const std::string& id,
                                     const std::string& title);

class Summary {
 public:
  // `aids`: the combined aids reported (default: every one of the scheme's file).
  Summary(const ir::Program& program, ir::Index scheme,
          std::optional<AidColumns> aids = std::nullopt);
  void add(const engine::RowResult& row);
  // Row r of a run's columnar outputs.
  void add(const engine::Outputs& outputs, size_t r);
  void add_input_error() { ++rows_, ++input_errors_; }
  size_t rows() const { return rows_; }
  size_t errors() const { return input_errors_ + runtime_errors_ + undecided_; }
  int64_t total_amount() const { return total_; }
  std::string text() const;
  std::string json() const;

 private:
  // Quantiles are exact up to kSample eligible rows, then estimated from a uniform sample.
  static constexpr size_t kSample = 100'000;
  std::vector<int64_t> quantiles() const;
  void count_refusals(const uint64_t* words, size_t count);
  void add_eligible(int64_t amount);
  friend html_report::Section summary_section(const Summary&, const std::string&,
                                              const std::string&);

  const ir::Program& program_;
  ir::Index scheme_;
  size_t rows_ = 0, input_errors_ = 0, runtime_errors_ = 0, eligible_ = 0;
  size_t undecided_ = 0;  // rows ending in MissingInput: no answer without an input
  __int128 total_ = 0;
  std::vector<size_t> refusals_;   // per condition
  std::vector<size_t> aid_index_;  // per reported aid: its position in the outputs
  std::vector<std::string> aid_names_;
  std::vector<__int128> removed_;  // per aid: before − after, summed
  std::vector<int64_t> sample_;
  Histogram amounts_;  // of the eligible amounts
  size_t seen_eligible_ = 0;
  std::mt19937_64 rng_{20261122};
};

// Baseline against reform, row by row.
struct ReformDiff {
  size_t gain = 0, lose = 0, unchanged = 0, became_eligible = 0, became_ineligible = 0;
  // Rows one side could not decide (a runtime error or a missing input): cannot decide is not
  // 0 €, so they are neither gains nor losses; their decided side still counts in its total.
  size_t not_compared = 0;
  __int128 baseline_total = 0, reform_total = 0;
  Histogram change;  // reform − baseline, of the rows that changed
  void add(const engine::RowResult& base, const engine::RowResult& reform);
  std::string text() const;
};

}  // namespace bareme::scoring
