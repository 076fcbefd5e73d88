// The typed reading of one cell of a scoring input: a fast path for the common forms (plain
// numbers, dates, enum cases, booleans, texts) and the general reader of `bareme eval` for the
// rest, so both give the same values and the same errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inputs/application.hpp"
#include "ir/ir.hpp"

namespace bareme::readers {

// What a cell holds, as JSON would see it.
enum class CellKind { Number, String, Bool, Nested };

// A CSV cell's kind: a plain decimal number (`-12.5`, not `2022-03-01`), true or false, an
// array or object (`[`, `{`), and otherwise a string.
CellKind csv_cell_kind(std::string_view cell);

// A non-empty CSV cell as the JSON value the general reader takes.
inputs::Json csv_cell_json(std::string_view cell);

// The column scalar of a cell of `type` when the cell is in a simple form the general reader
// would accept with exactly this value; false sends the cell to the general reader.
bool fast_scalar(const ir::Program& program, ir::Type type, CellKind kind, std::string_view text,
                 int64_t& out);

// The same for a CSV cell, whose kind follows from its text.
bool fast_csv_scalar(const ir::Program& program, ir::Type type, std::string_view text,
                     int64_t& out);

}  // namespace bareme::readers
