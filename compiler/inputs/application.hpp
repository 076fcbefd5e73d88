// The inputs phase: a JSON application becomes typed input values for the back ends, or errors
// that name the JSON path at fault.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inputs/json.hpp"
#include "interp/interp.hpp"
#include "ir/ir.hpp"

namespace bareme::inputs {

struct InputError {
  std::string path;     // `$.prior_aids[2].amount`
  std::string message;  // a sentence, with "did you mean" where it helps
};

struct ReadApplication {
  interp::Application app;
  std::vector<InputError> errors;  // every problem found, not only the first
  // With UnknownMembers::Ignore: the members naming nothing of the program, in document order
  // (clipped to diag::kMaxQuoted characters).
  std::vector<std::string> ignored;
};

// What becomes of a member naming neither an input nor a definition of the program: an error
// (`--strict`), or ignored and listed in ReadApplication::ignored, so that one situation serves
// every aid of a catalogue (docs/scoring.md "Header checks"). A member naming a definition the
// scheme computes is an error either way.
enum class UnknownMembers : uint8_t { Error, Ignore };

// Reads a JSON object keyed by input name. Money is a number of euros or a text such as
// "2 700 €" or "3 M€"; rates a fraction (0.6) or a text ("60 %"); dates ISO texts; enum cases
// their names; quantities a number in the unit or a text ("22 kW"); durations a text
// ("3 months"); lists arrays of objects. When `require_all`, every input without a default must
// be given, and each one missing is an error.
ReadApplication read_application(const ir::Program& program, const Json& document, bool require_all,
                                 UnknownMembers unknown = UnknownMembers::Error);

// A name that is no input, as a warning lists it: `"incme"`, with ` (did you mean "income"?)`
// when an input of the program is close.
std::string unknown_name(const ir::Program& program, std::string_view name);

// When `name` is a definition the scheme computes (a `let` not declared `unless given`), the
// sentence saying that a situation cannot give it and how to allow it; else nothing.
std::optional<std::string> computed_definition(const ir::Program& program, const std::string& name);

// Parses one value written as on the command line (`--set name=value`): JSON when it parses as
// JSON, a string otherwise.
Json json_from_argument(const std::string& text);

// Converts one JSON value to the given type; on failure appends to `errors` and returns nothing.
std::optional<runtime::Value> read_value(const ir::Program& program, ir::Type type, const Json& j,
                                         const std::string& path, std::vector<InputError>& errors);

}  // namespace bareme::inputs
