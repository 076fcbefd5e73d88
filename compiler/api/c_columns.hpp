// The C ABI's typed columns: which inputs and outputs have one, and the checks of a caller's
// columns.
#pragma once

#include "api/c_internal.hpp"
#include "ir/ir.hpp"

namespace bareme::capi {

// The column type of a value of type `t` ("money", "date", "enum", ...), or null when such a
// value has no int64 column (Text, Duration, List, Record).
const char* column_type(ir::Type t);

}  // namespace bareme::capi
