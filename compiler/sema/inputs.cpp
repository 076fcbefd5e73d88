// Input defaults, constant or computed from other inputs and definitions, and the values of
// definitions a situation may give (`let … unless given`), checked on first use like rules.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace bareme::sema {

void Checker::check_input(Index i) {
  auto& in = program_.inputs[i];
  module_ = in.module;
  definition_ = in.name;
  const ast::Expr* written = nullptr;
  bool annotated = true;
  std::string what;
  if (const auto* decl = input_ast_[i]) {
    written = decl->default_value.get();
    what = fmt::format("the default of `{}`", in.name);
  } else {
    const auto* let = input_let_ast_[i];
    written = let->value.get();
    annotated = let->type.has_value();
    what = fmt::format("`{}`", in.name);
  }
  if (written == nullptr) return;
  const Type declared = in.type;
  auto value = expr(*written, annotated ? &declared : nullptr);
  if (annotated) {
    value = coerce(std::move(value), declared, what);
  } else {
    program_.inputs[i].type = value->type;
  }
  auto& out = program_.inputs[i];
  out.computed_default = !value->type.is_error() && !is_constant(*value);
  const auto& file = sources_.file(written->span.file);
  out.default_text = std::string(file.slice(written->span.begin, written->span.end));
  out.default_value = std::move(value);
}

}  // namespace bareme::sema
