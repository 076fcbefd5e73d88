// The semantic phase: checked ASTs of a program's files become the typed IR.
#pragma once

#include <memory>
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

class Checker;

// A program checked with its checker kept (the REPL): a line typed later is checked in the
// scope of the REPL's module alone, without checking the files again (sema/line.cpp).
class KeptChecker {
 public:
  // `sources` and `sink` are those check() would take; they, and the files, outlive the checker.
  KeptChecker(const source::SourceManager& sources, diag::Sink& sink, std::string repl_scheme);
  ~KeptChecker();
  KeptChecker(const KeptChecker&) = delete;
  KeptChecker& operator=(const KeptChecker&) = delete;
  // As check().
  ir::Program check(const std::vector<const ast::File*>& files);
  // Checks `value`, parsed from a line, as the body of a definition `__repl` of the REPL's
  // module of `program` (what check() returned, without error), against `expected` when given.
  // Diagnostics go to the sink given at construction; `program` gains nothing.
  ir::ExprPtr line(ir::Program& program, const ast::Expr& value, const ir::Type* expected);

 private:
  std::unique_ptr<Checker> checker_;
};

}  // namespace bareme::sema
