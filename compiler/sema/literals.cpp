// Literals: numbers with their unit suffix (money, rates, durations, quantities), dates, texts.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

// Duration words and the months and days one of them stands for.
std::optional<runtime::Duration> duration_unit(const std::string& word) {
  if (word == "day" || word == "days") return runtime::Duration{0, 1};
  if (word == "month" || word == "months") return runtime::Duration{1, 0};
  if (word == "year" || word == "years") return runtime::Duration{12, 0};
  return std::nullopt;
}

}  // namespace

std::optional<runtime::Days> Checker::date(const std::string& text, source::Span span) {
  auto d = runtime::parse_date(text);
  if (!d) {
    sink_.report(diag::Id::InvalidLiteral, span, fmt::format("`{}` is not a date of the calendar", text))
        .hint("dates are written YYYY-MM-DD, between the years 1 and 9999");
  }
  return d;
}

ir::ExprPtr Checker::literal(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Number: return number(e);
    case ast::ExprKind::Date: {
      auto d = date(e.text, e.span);
      if (!d) return error_expr(e.span);
      return make_expr(Type::of(TypeKind::Date), e.span, ir::Literal{*d, {}, {}});
    }
    case ast::ExprKind::String: return make_expr(Type::of(TypeKind::Text), e.span, ir::Literal{0, {}, e.text});
    default: return make_expr(Type::of(TypeKind::Bool), e.span, ir::Literal{e.text == "true" ? 1 : 0, {}, {}});
  }
}

ir::ExprPtr Checker::number(const ast::Expr& e) {
  const std::string& digits = e.text;
  const std::string& suffix = e.suffix;
  auto scaled = [&](int scale_digits, const char* what, const char* limit) -> std::optional<int64_t> {
    auto v = runtime::parse_scaled(digits, scale_digits);
    if (!v) {
      sink_.report(diag::Id::InvalidLiteral, e.span, fmt::format("`{}{}` cannot be {}", digits,
                                                                 suffix.empty() ? "" : " " + suffix, what))
          .hint(limit);
    }
    return v;
  };
  if (suffix.empty()) {
    const bool integer = digits.find('.') == std::string::npos;
    auto v = integer ? scaled(0, "an Int", "an Int lies between -9223372036854775808 and 9223372036854775807")
                     : scaled(runtime::kDecimalDigits, "a Decimal", "a Decimal has at most 6 decimals and 13 digits before the point");
    if (!v) return error_expr(e.span);
    return make_expr(Type::of(integer ? TypeKind::Int : TypeKind::Decimal), e.span, ir::Literal{*v, {}, {}});
  }
  const std::string base = suffix.substr(0, suffix.find('/'));
  if (base == "€" || base == "k€" || base == "M€") {
    // `€/month/person`: the words after each `/`, with their spans (which count characters).
    auto chars = [&](size_t bytes) {
      uint32_t n = 0;
      for (size_t i = 0; i < bytes; ++i) n += (static_cast<unsigned char>(suffix[i]) & 0xC0) != 0x80 ? 1 : 0;
      return n;
    };
    std::vector<ast::Name> per;
    for (size_t at = suffix.find('/'); at != std::string::npos;) {
      const size_t next = suffix.find('/', at + 1);
      const size_t end = next == std::string::npos ? suffix.size() : next;
      source::Span span = e.suffix_span;
      span.begin = e.suffix_span.begin + chars(at + 1);
      span.end = e.suffix_span.begin + chars(end);
      per.push_back(ast::Name{suffix.substr(at + 1, end - at - 1), span});
      at = next;
    }
    const Type t = per.empty() ? Type::of(TypeKind::Money) : money_per(per);
    if (t.is_error()) return error_expr(e.span);
    const int extra = base == "€" ? 0 : base == "k€" ? 3 : 6;
    auto v = scaled(2 + extra, "an amount of money", "money is counted in whole cents, up to about 92 000 billion €");
    if (!v) return error_expr(e.span);
    return make_expr(t, e.span, ir::Literal{*v, {}, {}});
  }
  if (suffix == "%") {
    auto v = scaled(runtime::kDecimalDigits - 2, "a rate", "a rate has at most 4 decimals in percent");
    if (!v) return error_expr(e.span);
    return make_expr(Type::of(TypeKind::Rate), e.span, ir::Literal{*v, {}, {}});
  }
  if (auto unit = duration_unit(suffix)) {
    auto v = runtime::parse_scaled(digits, 0);
    if (!v || *v > 1'000'000) {
      const std::string plural = suffix.back() == 's' ? suffix : suffix + "s";
      sink_.report(diag::Id::InvalidLiteral, e.span, fmt::format("`{} {}` is not a whole number of {} up to 1 000 000",
                                                                 digits, suffix, plural));
      return error_expr(e.span);
    }
    return make_expr(Type::of(TypeKind::Duration), e.span,
                     ir::Literal{0, runtime::Duration{unit->months * *v, unit->days * *v}, {}});
  }
  bool failed = false;
  const Symbol* s = unit_named(suffix, e.suffix_span, failed);
  if (failed) return error_expr(e.span);
  if (s == nullptr || s->kind != SymbolKind::Unit) {
    auto& d = sink_.report(diag::Id::UnknownUnit, e.suffix_span, fmt::format("`{}` is not a declared unit", suffix));
    bool suggested = false;
    if (may_suggest()) {
      std::vector<std::string> units = {"€", "k€", "M€", "%", "days", "months", "years"};
      for (const auto& u : program_.units) units.push_back(u.name);
      suggested = suggest(d, suffix, units);
    }
    if (!suggested) d.hint(fmt::format("declare it with `unit {}`, or import the file that does", suffix));
    return error_expr(e.span);
  }
  auto v = scaled(runtime::kDecimalDigits, "a quantity", "a quantity has at most 6 decimals and 13 digits before the point");
  if (!v) return error_expr(e.span);
  return make_expr(Type::of(TypeKind::Quantity, s->index), e.span, ir::Literal{*v, {}, {}});
}

}  // namespace bareme::sema
