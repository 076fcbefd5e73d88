// The C ABI's typed columns: which inputs and outputs have one, and the checks of a caller's
// columns.
#pragma once

#include <vector>

#include "api/c_internal.hpp"
#include "ir/ir.hpp"
#include "runtime/batch.hpp"

namespace bareme::capi {

// The column type of a value of type `t` ("money", "date", "enum", ...), or null when such a
// value has no int64 column (Text, Duration, List, Record).
const char* column_type(ir::Type t);

// Every input's view: the caller's column when given, else absent on every row.
struct Views {
  std::vector<runtime::ColumnView> columns;
  std::vector<std::vector<runtime::ColumnView>> fields;
  std::vector<int64_t> zeros;   // rows + 1 values of absent columns (and empty lists' offsets)
  std::vector<uint8_t> absent;  // rows bytes of 0
  std::vector<const bareme_column*> given;  // by input, null when not given
};

// The caller's columns checked (names, types, NULL buffers, Bool, Enum and Date values) and
// wrapped, without a copy, as one view per program input.
Views read_columns(const ir::Program& p, const bareme_column* columns, size_t count, size_t rows);

}  // namespace bareme::capi
