// A fast reader for the common shape of a JSON Lines application: one object of plain values.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "inputs/json.hpp"
#include "scoring/cells.hpp"

namespace bareme::scoring {

struct FlatField {
  std::string_view key;
  CellKind kind = CellKind::String;
  std::string_view text;  // String: the text between the quotes; Nested: the raw JSON
};

// Reads `{"key": value, ...}` where keys and strings are UTF-8 without escapes, and values are
// strings, true, false, numbers without exponent, or arrays and objects kept as raw text.
// False for anything else (null, escapes, malformed JSON): the general parser then decides.
bool flat_object(std::string_view line, std::vector<FlatField>& fields);

// A field as the JSON value the general reader takes; nothing when its raw JSON does not parse.
std::optional<inputs::Json> json_of(const FlatField& field);

}  // namespace bareme::scoring
