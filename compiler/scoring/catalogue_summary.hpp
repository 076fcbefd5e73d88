// The budget picture of a catalogue scored with `--all`: rows, errors, for each level the rows
// where it applies and its amount, the total, and for each aid the rows where it is eligible,
// those where it cannot decide, and its amount.
#pragma once

#include <string>
#include <vector>

#include "engine/batch.hpp"
#include "scoring/histogram.hpp"
#include "scoring/targets.hpp"

namespace bareme::html_report {
struct Section;
}

namespace bareme::scoring {

class CatalogueSummary;
// The report's sections (scoring/report_sections.cpp): figures, the row totals, levels, aids.
std::vector<html_report::Section> catalogue_sections(const CatalogueSummary& summary);

class CatalogueSummary {
 public:
  explicit CatalogueSummary(const Catalogue& catalogue);
  void add_input_error() { ++rows_, ++input_errors_; }
  // The first `n` good rows of a block: every target's outputs and the rows' totals.
  void add(const std::vector<engine::Outputs>& outputs, const RowTotals& totals, size_t n);
  // Adds what `other` (a block's summary, on the same catalogue) counted.
  void merge(const CatalogueSummary& other);
  // Back to no row, for the next block.
  void clear();
  size_t rows() const { return rows_; }
  // Bad input rows, and rows whose total cannot be decided.
  size_t errors() const { return input_errors_ + undecided_rows_; }
  __int128 total() const { return total_; }
  // On stderr: the levels, then the `shown` aids of largest amount and how many more the JSON
  // summary has.
  std::string text(size_t shown = 20) const;
  std::string json() const;

 private:
  struct Count {
    size_t applies = 0, undecided = 0;
    __int128 amount = 0;
  };
  const Catalogue& c_;
  std::vector<Count> counts_;  // per target
  size_t rows_ = 0, input_errors_ = 0, undecided_rows_ = 0, with_aid_ = 0;
  // Rows where some aid ends in an error (MissingInput: docs/semantics.md §3.12), levels or not.
  size_t rows_with_undecided_aid_ = 0;
  std::vector<uint8_t> undecided_aid_;  // add()'s scratch: per row of the block
  __int128 total_ = 0;
  Histogram totals_;  // of the rows' totals, when the project has levels
  friend std::vector<html_report::Section> catalogue_sections(const CatalogueSummary&);
};

}  // namespace bareme::scoring
