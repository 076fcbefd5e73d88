// Result rows of `bareme score` as CSV or JSON Lines. Workers format a chunk's rows without
// their row numbers, which only the in-order writer knows; it writes the number, then the text.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engine/batch.hpp"
#include "ir/ir.hpp"
#include "readers/rows.hpp"
#include "scoring/aids.hpp"

namespace bareme::scoring {

class RowFormat {
 public:
  // `outputs`: the declared outputs written, by their index in the scheme's outputs.
  // `compact` (`score --columns`): the failed conditions as a hexadecimal bitmask, explained
  // once by legend(), instead of their names.
  RowFormat(const ir::Program& program, ir::Index scheme, bool jsonl, const AidColumns& aids,
            std::vector<size_t> outputs = {}, bool compact = false);
  // The CSV header line; empty for JSON Lines.
  std::string header() const;
  // What goes before the row number: nothing in CSV, `{"row": ` in JSON Lines.
  // What each bit of the compact `failed` cell means, one line per condition.
  std::string legend() const;
  std::string_view number_prefix() const { return jsonl_ ? "{\"row\": " : ""; }
  // Appends the rest of a row, after its number, up to and including its line break.
  void error_row(const readers::RowError& error, std::string& out) const;
  // `failed_texts` caches the failed-conditions cell per bitmask: one per thread.
  // `detail` follows the code of a row that cannot be decided: why an input is out of range
  // (range_detail.hpp), or the runtime error's message.
  void result_row(const engine::Outputs& outputs, size_t r, std::string& out,
                  std::unordered_map<uint64_t, std::string>& failed_texts,
                  std::string_view detail = {}) const;

 private:
  const ir::Program& p_;
  ir::Index scheme_;
  bool jsonl_;
  bool compact_;
  std::vector<std::string> aids_;
  std::vector<std::string> aid_keys_;     // JSON Lines: each aid's key, escaped once
  std::vector<std::string> output_keys_;  // JSON Lines: each declared output's `"name": `
  std::vector<size_t> aid_index_;         // per reported aid: its position in the outputs
  std::vector<size_t> outputs_;           // the declared outputs written
  // Appends the output cells of row `r`: a value, or its error code when it was not computed.
  void output_cells(const engine::Outputs& o, size_t r, std::string& out) const;
};

// The indexes of the declared outputs named by `names` (all when unset); an error message
// naming the declared ones when a name is not one of them.
std::variant<std::vector<size_t>, std::string> output_columns(
    const ir::Scheme& scheme, const std::optional<std::vector<std::string>>& names);

// Appends the words of a failed-conditions bitmask (bit k: refusal slot k) as lowercase
// hexadecimal, most significant first, without leading zeros: "0" when none failed.
void append_mask(std::string& out, const uint64_t* words, size_t count);

// Appends cents as euros with two decimals: -1234 is "-12.34".
void append_cents(std::string& out, int64_t cents);

}  // namespace bareme::scoring
