// Picking one scheme of a program by name: `--scheme NAME` on the command line, `:scheme NAME`
// in the REPL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace bareme::tools {

// The names of the program's schemes, in the program's order (imports before their importers).
// A scheme's name is its file's namespace, so no two are the same.
std::vector<std::string> scheme_names(const ir::Program& program);

// The scheme named exactly `name`, or nothing.
std::optional<ir::Index> find_scheme(const ir::Program& program, const std::string& name);

// The scheme `--scheme NAME` names; or nothing, after saying on stderr
// "bareme COMMAND: --scheme NAME: no such scheme in `WHERE`; did you mean "…"?".
std::optional<ir::Index> scheme_option(const ir::Program& program, const std::string& name,
                                       const char* command, const std::string& where);

}  // namespace bareme::tools
