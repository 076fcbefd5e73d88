// The semantic phase: checked ASTs of a program's files become the typed IR.
#pragma once

#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "ir/ir.hpp"

namespace bareme::sema {

// The name of the module the REPL writes; in it, `amount` and `eligible` read the results of the
// REPL's current scheme (`repl_scheme`), by default the program's last scheme.
inline constexpr const char* kReplModule = "__repl";

// Checks the files of one program, given with every import before the files that import it,
// and builds its typed IR. Every problem is reported to `sink`; the IR is complete only when
// no error was reported. `repl_scheme` names the scheme the REPL's module reads (empty, or a
// name no scheme has: the last one).
ir::Program check(const std::vector<const ast::File*>& files, const source::SourceManager& sources,
                  diag::Sink& sink, const std::string& repl_scheme = "");

}  // namespace bareme::sema
