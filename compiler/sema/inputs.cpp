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


// `at least` / `at most`: constants of the input's type, folded to values at rest.
void Checker::check_input_bounds(Index i) {
  const auto& decl = *input_ast_[i];
  if (!decl.at_least && !decl.at_most) return;
  const Type type = program_.inputs[i].type;
  if (type.is_error()) return;
  const auto& name = program_.inputs[i].name;
  if (!type.is_numeric() && !type.is(TypeKind::Date)) {
    const auto& first = decl.at_least ? decl.at_least : decl.at_most;
    sink_.report(diag::Id::UnorderedBound, first->span,
                 fmt::format("input `{}` is {}, which has no order: it cannot have bounds", name,
                             ir::type_name(program_, type)))
        .hint("only Int, Decimal, Money, Rate, quantities and Date have bounds");
    return;
  }
  auto bound = [&](const ast::ExprPtr& written, const char* words) -> std::optional<int64_t> {
    if (!written) return std::nullopt;
    auto value = coerce(expr(*written, &type), type, fmt::format("the `{}` bound of `{}`", words, name));
    if (value->type.is_error()) return std::nullopt;
    auto folded = fold(*value);
    if (!folded) {
      sink_.report(diag::Id::NotConstant, value->span,
                   fmt::format("the `{}` bound of `{}` must be a constant", words, name))
          .hint("write a literal (`0 €`, `130`, `2020-01-01`) or a parameter with a single undated value");
    }
    return folded;
  };
  auto lower = bound(decl.at_least, "at least");
  auto upper = bound(decl.at_most, "at most");
  if (lower && upper && *lower > *upper) {
    sink_.report(diag::Id::EmptyBounds, decl.at_most->span,
                 fmt::format("no value of `{}` is at least {} and at most {}", name, format_value(type, *lower),
                             format_value(type, *upper)))
        .note("the lower bound", decl.at_least->span)
        .hint("swap the bounds, or correct the one that is wrong");
    return;
  }
  program_.inputs[i].at_least = lower;
  program_.inputs[i].at_most = upper;
}

void Checker::check_input(Index i) {
  auto& in = program_.inputs[i];
  module_ = in.module;
  definition_ = in.name;
  const ast::Expr* written = nullptr;
  bool annotated = true;
  std::string what;
  if (const auto* decl = input_ast_[i]) {
    check_input_bounds(i);
    written = decl->default_value.get();
    what = fmt::format("the default of `{}`", in.name);
  } else {
    const auto* let = input_let_ast_[i];
    written = let->value.get();
    annotated = let->type.has_value();
    what = fmt::format("`{}`", in.name);
  }
  if (written == nullptr) {
    if (input_ast_[i]) check_input_values(i);
    return;
  }
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
  if (input_ast_[i]) check_input_values(i);
}

// `one of "FILE"`: a Text input's accepted values, read by the driver; the constant default is
// one of them, so that a situation that leaves the input out stays decidable.
void Checker::check_input_values(Index i) {
  const auto& decl = *input_ast_[i];
  auto& in = program_.inputs[i];
  if (decl.values_path.empty() || in.type.is_error()) return;
  if (!in.type.is(TypeKind::Text)) {
    sink_.report(diag::Id::ValuesNotText, decl.values_span,
                 fmt::format("input `{}` is {}: only a Text input takes `one of` a file's values",
                             in.name, ir::type_name(program_, in.type)))
        .hint("for a few values, declare an enum; for numbers and dates, `at least` / `at most`");
    return;
  }
  if (decl.values.empty()) return;  // ValuesUnreadable, reported by the driver
  auto values = decl.values;
  if (in.default_value && !in.computed_default) {
    if (const auto* literal = std::get_if<ir::Literal>(&in.default_value->node))
      values.push_back(literal->text);
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  uint64_t hash = 14695981039346656037ull;  // FNV-1a over the values, each ended by a 0 byte
  for (const auto& v : values) {
    for (const char c : v) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    hash *= 1099511628211ull;
  }
  in.values_hash = hash;
  in.values = std::make_shared<const std::vector<std::string>>(std::move(values));
  in.values_file = decl.values_path;
}

}  // namespace bareme::sema
