// `not applicable`: typed by what surrounds it (a declared type, the other branches).
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace bareme::sema {

using K = TypeKind;

ir::ExprPtr Checker::not_applicable(const ast::Expr& e, const Type* expected) {
  if (expected != nullptr && expected->is_error()) return error_expr(e.span);
  if (expected == nullptr) {
    sink_
        .report(diag::Id::UntypedNotApplicable, e.span,
                "nothing here says what type this `not applicable` stands for")
        .hint(
            "give the definition a type (`let bonus : Money = ...`), or write it as a branch of an "
            "`if` or `match` "
            "whose other branches have a value");
    return error_expr(e.span);
  }
  if (expected->is(K::List) || expected->is(K::Record)) {
    sink_
        .report(diag::Id::TypeMismatch, e.span,
                fmt::format("`not applicable` stands for a single value, not for {}",
                            type_name(program_, *expected)))
        .hint(expected->is(K::List) ? "write `[]` for a list with no element"
                                    : "make the value that reads this record not applicable");
    return error_expr(e.span);
  }
  program_.has_not_applicable = true;
  return make_expr(*expected, e.span, ir::NotApplicable{definition_});
}

}  // namespace bareme::sema
