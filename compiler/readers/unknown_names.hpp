// Names in the situations scored that are no input of the program: the CSV header's check, and
// the JSON Lines members ignored, counted over a run for one warning (docs/scoring.md "Header
// checks").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/ir.hpp"

namespace bareme::readers {

// Why a CSV header does not fit the program's inputs (a repeated column, a column naming a
// computed definition, missing inputs without a default, and with `strict` unknown columns with
// "did you mean"), or nothing when it fits. Without `strict`, unknown columns are listed only
// when something else is wrong.
std::optional<std::string> csv_header_problem(const ir::Program& program,
                                              const std::vector<std::string>& header,
                                              bool strict = true);

// The warning for the columns naming nothing of the program (ignored without `--strict`), or
// nothing when every column names an input.
std::optional<std::string> csv_ignored_columns(const ir::Program& program,
                                               const std::vector<std::string>& header);

// The members of one block's JSON lines that named no input and were ignored.
struct IgnoredMembers {
  // Distinct names of the block, at most kNames; further names count as `kOther`.
  static constexpr size_t kNames = 32;
  static constexpr uint32_t kOther = UINT32_MAX;
  std::vector<std::string> names;
  std::vector<std::pair<uint32_t, uint32_t>> seen;  // (row index in the block, name index)
  void add(size_t row, std::string_view name);
  void clear() {
    names.clear();
    seen.clear();
  }
};

// The ignored members of a whole run, taken in input order; one warning at the end.
class IgnoredTally {
 public:
  // The block's first `taken` rows, the first of which is row `first_row` (from 1).
  void take(const IgnoredMembers& block, size_t first_row, size_t taken);
  // `warning: …` with each name, "did you mean", its rows and the first; nothing when none.
  std::optional<std::string> warning(const ir::Program& program) const;

 private:
  struct Name {
    std::string name;
    size_t rows = 0, first = 0;
  };
  Name* find(std::string_view name);
  std::vector<Name> names_;  // in the order first seen, at most IgnoredMembers::kNames
  Name other_;               // the rows of names beyond them
};

}  // namespace bareme::readers
