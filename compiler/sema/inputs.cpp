// Input defaults, constant or computed from other inputs and definitions, and the values of
// definitions a situation may give (`let … unless given`), checked on first use like rules.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

// A default written over several lines, shown on one (explanations, the IR dump).
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace


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
  out.default_text = one_line(file.slice(written->span.begin, written->span.end));
  out.default_value = std::move(value);
}

}  // namespace bareme::sema
