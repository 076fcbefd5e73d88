// A fast reader for the common shape of a JSON Lines application: one object of plain values.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "inputs/json.hpp"
#include "ir/ir.hpp"
#include "readers/cells.hpp"

namespace bareme::readers {

struct FlatField {
  std::string_view key;
  CellKind kind = CellKind::String;
  std::string_view text;  // String: the text between the quotes; Nested: the raw JSON
};

// Reads `{"key": value, ...}` where keys and strings are UTF-8 without escapes, and values are
// strings, true, false, numbers without exponent, or arrays and objects kept as raw text.
// False for anything else (null, escapes, malformed JSON): the general parser then decides.
bool flat_object(std::string_view line, std::vector<FlatField>& fields);

// The object at s[i], spaces before it skipped; `i` ends past its closing brace.
bool flat_object_at(std::string_view s, size_t& i, std::vector<FlatField>& fields);

// A list of records written as a JSON array of flat objects, every field given once, each value
// in a form fast_scalar takes: the field scalars element by element, in field order. False
// sends the list to the general reader (which words any error).
bool flat_list(const ir::Program& program, ir::Type list, std::string_view text,
               std::vector<int64_t>& values, size_t& elements);

// A field as the JSON value the general reader takes; nothing when its raw JSON does not parse.
std::optional<inputs::Json> json_of(const FlatField& field);

}  // namespace bareme::readers
