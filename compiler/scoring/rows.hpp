// Input rows for scoring: CSV records or JSON lines become applications or error rows.
#pragma once

#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interp/interp.hpp"
#include "ir/ir.hpp"
#include "scoring/csv.hpp"

namespace bareme::scoring {

struct InputRow {
  size_t number = 0;  // 1-based, data rows only (the CSV header is row 0)
  std::optional<interp::Application> app;
  std::string column;  // the column or JSON path at fault, for an error row
  std::string error;
};

class RowSource {
 public:
  virtual ~RowSource() = default;
  // The next row; false at the end.
  virtual bool next(InputRow& row) = 0;
};

// Reads the CSV header and checks it against the scheme's inputs: unknown columns (with "did
// you mean") and missing required ones are reported in `problem`, and no source is made.
std::unique_ptr<RowSource> csv_rows(const ir::Program& program, std::istream& in, std::string& problem);
std::unique_ptr<RowSource> jsonl_rows(const ir::Program& program, std::istream& in);

}  // namespace bareme::scoring
