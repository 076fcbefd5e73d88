// Diagnostics for operands that no operator form accepts, with a hint where the usual mistake is
// known.
#include <fmt/format.h>

#include "runtime/values.hpp"
#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

using K = TypeKind;

bool is_plain_number_literal(const ir::Expr& e) {
  return std::holds_alternative<ir::Literal>(e.node) &&
         (e.type.is(K::Int) || e.type.is(K::Decimal));
}

// The source of `whole` with the text of `part` (a span inside it) replaced by `with`.
std::string respelled(std::string_view whole, const source::Span& whole_span,
                      const source::Span& part, const std::string& with) {
  const size_t begin = part.begin - whole_span.begin, end = part.end - whole_span.begin;
  return std::string(whole.substr(0, begin)) + with + std::string(whole.substr(end));
}

// Whether `text` is one parenthesised expression: its first `(` closes at its last character.
bool parenthesised(std::string_view text) {
  int depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i + 1 == text.size();
    if (depth == 0) return false;
  }
  return false;
}

// `1 + taux`, `taux - 0.5`, `taux <= 1`: an Int or Decimal beside a Rate, in `+`, `-`, a
// comparison or `capped at` (`verb` says which). A number literal is spelled as the percentage it
// means (`1` is `100 %`); any other number is kept and the Rate made a Decimal with `decimal(…)`.
// Nothing for other pairs.
std::optional<std::string> rate_hint(const ast::Expr& e, std::string_view text, const ir::Expr& lhs,
                                     const ir::Expr& rhs, const std::string& verb) {
  const bool sum = verb == "add" || verb == "subtract";
  if (!sum && verb != "compare" && verb != "cap") return std::nullopt;
  auto number = [](const ir::Expr& x) { return x.type.is(K::Int) || x.type.is(K::Decimal); };
  const ir::Expr* rate = lhs.type.is(K::Rate) && number(rhs)   ? &lhs
                         : rhs.type.is(K::Rate) && number(lhs) ? &rhs
                                                               : nullptr;
  if (rate == nullptr) return std::nullopt;
  const ir::Expr& other = rate == &lhs ? rhs : lhs;
  auto inside = [&](const source::Span& s) {
    return s.file == e.span.file && s.begin >= e.span.begin && s.end <= e.span.end;
  };
  if (!inside(rate->span) || !inside(other.span)) return std::nullopt;
  const char* why = sum                 ? "a Rate adds only to a Rate"
                    : verb == "compare" ? "a Rate compares only with a Rate"
                                        : "a Rate is capped only at a Rate";
  // A multi-line expression is not repeated: the hint names the part to change.
  const bool one_line = text.find('\n') == std::string_view::npos;
  // A literal is the percentage it means (a Decimal is in millionths, as a Rate is); an Int
  // too large for one is too large for a Decimal as well, and gets no hint.
  if (const auto* literal = std::get_if<ir::Literal>(&other.node)) {
    int64_t micros = literal->value;
    if (other.type.is(K::Int) &&
        __builtin_mul_overflow(literal->value, runtime::kDecimalScale, &micros))
      return std::nullopt;
    const std::string percent = runtime::format_rate(micros);
    if (!one_line)
      return fmt::format("write the number as the percentage it means, `{}`: {}", percent, why);
    return fmt::format("write `{}`: {}", respelled(text, e.span, other.span, percent), why);
  }
  if (!one_line) return fmt::format("turn the Rate into a Decimal with `decimal(…)`: {}", why);
  const std::string_view rate_text =
      text.substr(rate->span.begin - e.span.begin, rate->span.end - rate->span.begin);
  const std::string converted = parenthesised(rate_text) ? fmt::format("decimal{}", rate_text)
                                                         : fmt::format("decimal({})", rate_text);
  return fmt::format("write `{}` to {}: {}", respelled(text, e.span, rate->span, converted),
                     sum                 ? "compute with Decimals"
                     : verb == "compare" ? "compare Decimals"
                                         : "cap Decimals",
                     why);
}

}  // namespace

void Checker::report_operands(const ast::Expr& e, const ir::Expr& lhs, const ir::Expr& rhs,
                              const std::string& verb) {
  const std::string l = type_name(program_, lhs.type);
  const std::string r = type_name(program_, rhs.type);
  const auto& file = sources_.file(e.span.file);
  if (report_period_mismatch(e, lhs, rhs, verb)) return;
  // Money beside a bare number: the number most likely lacks its `€`.
  const ir::Expr* bare = lhs.type.is(K::Money) && is_plain_number_literal(rhs)   ? &rhs
                         : rhs.type.is(K::Money) && is_plain_number_literal(lhs) ? &lhs
                                                                                 : nullptr;
  if (bare != nullptr) {
    const std::string text(file.slice(bare->span.begin, bare->span.end));
    sink_
        .report(diag::Id::MissingEuro, bare->span,
                fmt::format("cannot {} {} and {}: `{}` has no `€`", verb,
                            type_name(program_, bare == &rhs ? lhs.type : rhs.type), type_name(program_, bare->type), text))
        .hint(fmt::format("write `{} €{}` for an amount of money", text,
                          ir::money_suffix(program_, bare == &rhs ? lhs.type : rhs.type)));
    return;
  }
  if (lhs.type.is(K::Quantity) && rhs.type.is(K::Quantity) && lhs.type.ref != rhs.type.ref) {
    sink_.report(diag::Id::UnitMismatch, e.span,
                 fmt::format("cannot {} {} and {}: the units differ", verb, l, r));
    return;
  }
  auto& d = sink_.report(diag::Id::InvalidOperands, e.span,
                         fmt::format("cannot {} {} and {}", verb, l, r));
  if (lhs.type.is(K::Money) && rhs.type.is(K::Money) && verb == "multiply") {
    d.hint("money times money has no meaning; multiply money by a Rate, an Int or a Decimal");
  } else if (lhs.type.is(K::Quantity) && rhs.type.is(K::Quantity) && verb == "multiply") {
    d.hint("the language has no squared units; divide one quantity by `1 " + l +
           "` to get a Decimal");
  } else if (const auto hint = rate_hint(e, file.slice(e.span.begin, e.span.end), lhs, rhs, verb)) {
    d.hint(*hint);
  }
}

}  // namespace bareme::sema
