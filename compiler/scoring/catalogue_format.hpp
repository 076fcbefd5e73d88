// Result rows of `bareme score --all` as CSV or JSON Lines: each level's amount, the total,
// the applicable and undecided aids, the error; with `--columns`, each aid's eligibility,
// amount and refusal. Like RowFormat, a row is formatted without its number.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/batch.hpp"
#include "readers/rows.hpp"
#include "scoring/targets.hpp"

namespace bareme::scoring {

class CatalogueFormat {
 public:
  CatalogueFormat(const Catalogue& catalogue, bool jsonl, bool columns);
  // The CSV header line; empty for JSON Lines.
  std::string header() const;
  std::string_view number_prefix() const { return jsonl_ ? "{\"row\": " : ""; }
  void error_row(const readers::RowError& error, std::string& out) const;
  // Good row r of a block: `out` holds every target's outputs, `totals` the block's totals.
  // `detail` says why an input is out of range (range_detail.hpp), for the row's error.
  void result_row(const std::vector<engine::Outputs>& outputs, const RowTotals& totals, size_t r,
                  std::string& out, std::string_view detail = {}) const;

 private:
  // Quoted for the output format (CSV field or JSON string).
  std::string quoted(const std::string& text) const;
  const Catalogue& c_;
  bool jsonl_, columns_;
  std::vector<std::string> scheme_names_;           // raw, for `applicable` and `undecided`
  std::vector<std::string> scheme_keys_;            // quoted, for --columns in JSON Lines
  std::vector<std::string> level_keys_;             // by level index: quoted
  std::vector<std::vector<std::string>> refusals_;  // per scheme, per refusal slot: quoted
};

// What `error` says when the total of a row cannot be decided: `LEVEL: ErrorName`, then
// `: detail` for InputOutOfRange when given, or `total: Overflow`; empty when it can.
std::string total_error(const Catalogue& catalogue, const std::vector<engine::Outputs>& outputs,
                        const RowTotals& totals, size_t r, std::string_view detail = {});

}  // namespace bareme::scoring
