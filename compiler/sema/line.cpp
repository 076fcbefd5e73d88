// The REPL's lines checked against a program checked once: the checker is kept, and a line's
// value is checked in the scope of the REPL's module as a definition `__repl` would be.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {

KeptChecker::KeptChecker(const source::SourceManager& sources, diag::Sink& sink, std::string repl_scheme)
    : checker_(std::make_unique<Checker>(sources, sink, std::move(repl_scheme))) {}

KeptChecker::~KeptChecker() = default;

ir::Program KeptChecker::check(const std::vector<const ast::File*>& files) { return checker_->run(files); }

ir::ExprPtr KeptChecker::line(ir::Program& program, const ast::Expr& value, const ir::Type* expected) {
  return checker_->check_line(program, value, expected);
}

ir::ExprPtr Checker::check_line(ir::Program& program, const ast::Expr& value, const Type* expected) {
  // The program goes back into the checker while the line is checked, and out again after.
  program_ = std::move(program);
  struct Restore {
    ir::Program& to;
    ir::Program& from;
    ~Restore() { to = std::move(from); }
  } restore{program, program_};
  const auto repl = std::find_if(program_.modules.begin(), program_.modules.end(),
                                 [](const ir::Module& m) { return m.name == kReplModule; });
  module_ = repl == program_.modules.end() ? static_cast<Index>(program_.modules.size() - 1)
                                           : static_cast<Index>(repl - program_.modules.begin());
  locals_.clear();
  next_slot_ = 0;
  in_test_ = false;
  def_stack_.clear();
  suggestions_ = 0;  // each line may say "did you mean" afresh
  definition_ = "__repl";
  auto e = expr(value, expected);
  if (expected) e = coerce(std::move(e), *expected, "`__repl`");
  // Which of the line's intermediates are exact depends on the whole program, the line with it.
  if (!sink_.has_errors()) {
    program_.rules.push_back(ir::Rule{"__repl", e->type, std::move(e), "", module_, value.span});
    program_.rule_order.push_back(static_cast<Index>(program_.rules.size() - 1));
    ir::mark_exact_values(program_);
    e = std::move(program_.rules.back().value);
    program_.rules.pop_back();
    program_.rule_order.pop_back();
  }
  return e;
}

}  // namespace bareme::sema
