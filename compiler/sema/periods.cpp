// Money per period and per unit (`€/month`, `Money/year/person`): its types, its conversion by
// a duration, and the errors of mixing two periods.
#include <fmt/format.h>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

using K = TypeKind;
using ir::MoneyPeriod;

// `€/month` spelt for a hint: what follows the amount in a literal of `t`.
std::string literal_suffix(const ir::Program& p, Type t) { return "€" + ir::money_suffix(p, t); }

const char* period_word(MoneyPeriod p) { return p == MoneyPeriod::Month ? "month" : "year"; }

}  // namespace

const Symbol* Checker::unit_named(const std::string& name, source::Span span, bool& failed) {
  failed = false;
  const Symbol* s = lookup(name);
  if (s != nullptr) return s;
  // A unit is a literal's suffix: one declared by a file this file imports serves without
  // being listed, unless two such files declare it.
  for (const auto& [ns, m] : scopes_[module_].namespaces) {
    const Symbol* there = lookup_in(m, name);
    if (there == nullptr || there->kind != SymbolKind::Unit) continue;
    if (s != nullptr && s->index != there->index) {
      sink_.report(diag::Id::UnknownUnit, span, fmt::format("two imported files declare the unit `{}`", name))
          .hint(fmt::format("import the one you mean by name: `import {} from \"…\"`", name));
      failed = true;
      return nullptr;
    }
    s = there;
  }
  return s;
}

Type Checker::money_per(const std::vector<ast::Name>& words) {
  std::optional<MoneyPeriod> period;
  std::optional<uint32_t> unit;
  size_t i = 0;
  if (!words.empty()) {
    period = ir::period_named(words[0].text);
    if (period) ++i;
  }
  if (i < words.size() && !ir::period_named(words[i].text)) {
    const ast::Name& w = words[i];
    bool failed = false;
    const Symbol* s = unit_named(w.text, w.span, failed);
    if (failed) return {};
    if (s == nullptr || s->kind != SymbolKind::Unit) {
      sink_.report(diag::Id::UnknownUnit, w.span,
                   fmt::format("money is counted per a period or a declared unit, and `{}` is neither", w.text))
          .hint(fmt::format("the periods are `month` and `year` (`mois`, `an`); a unit is declared with `unit {}`",
                            w.text));
      return {};
    }
    unit = s->index;
    ++i;
  }
  if (i < words.size()) {
    sink_.report(diag::Id::UnknownUnit, words[i].span,
                 fmt::format("money is counted per one period, then per one unit; `{}` cannot follow", words[i].text))
        .hint("write the period first, then the unit: `€/month/person`");
    return {};
  }
  return Type::money(period.value_or(MoneyPeriod::None), unit);
}

std::optional<ir::ExprPtr> Checker::money_times_duration(const ast::Expr& e, ir::ExprPtr& lhs, ir::ExprPtr& rhs) {
  const bool money_left = lhs->type.is(K::Money);
  ir::ExprPtr& money = money_left ? lhs : rhs;
  ir::ExprPtr& duration = money_left ? rhs : lhs;
  if (e.op != "*" || !money->type.is(K::Money) || !duration->type.is(K::Duration)) return std::nullopt;
  const Type t = money->type;
  if (t.period == MoneyPeriod::None) return std::nullopt;  // a plain amount times a duration: no form
  const auto* literal = std::get_if<ir::Literal>(&duration->node);
  if (literal == nullptr || literal->duration.days != 0) {
    const auto& file = sources_.file(money->span.file);
    const std::string text(file.slice(money->span.begin, money->span.end));
    sink_.report(diag::Id::InvalidOperands, duration->span,
                 fmt::format("{} is multiplied by a number of months written out, as in `{} * 12 months`",
                             type_name(program_, t), text))
        .hint(literal == nullptr ? fmt::format("for a number of months `n`, write `{} * n * 1 month`", text)
                                 : "a month has no fixed number of days; give whole months or years");
    return error_expr(e.span);
  }
  // Money per month times n months is n times the amount; per year, n/12 of it.
  const int64_t months = literal->duration.months;
  Type result = t;
  result.period = MoneyPeriod::None;
  auto int_literal = [&](int64_t v) { return make_expr(Type::of(K::Int), duration->span, ir::Literal{v, {}, {}}); };
  const bool yearly = t.period == MoneyPeriod::Year;
  const int64_t factor = yearly && months % 12 == 0 ? months / 12 : months;
  auto product = make_expr(result, e.span,
                           ir::Arith{ir::ArithOp::MoneyMulInt, std::move(money), int_literal(factor), !money_left});
  if (!yearly || months % 12 == 0) return product;
  return make_expr(result, e.span, ir::Arith{ir::ArithOp::MoneyDivInt, std::move(product), int_literal(12), false});
}

bool Checker::report_period_mismatch(const ast::Expr& e, const ir::Expr& lhs, const ir::Expr& rhs,
                                     const std::string& verb) {
  const Type l = lhs.type, r = rhs.type;
  if (!l.is(K::Money) || !r.is(K::Money) || l == r || verb == "multiply") return false;
  if (verb == "divide" && !r.is_money_per()) return false;
  std::string hint;
  if (l.per_unit() != r.per_unit()) {
    const Type per = l.per_unit() ? l : r;
    const std::string unit = program_.units[*per.per_unit()].name;
    hint = fmt::format("money per {0} times a quantity in {0} is money without it (`{1} * 2 {0}`), and money "
                       "divided by a quantity in {0} is money per {0}",
                       unit, literal_suffix(program_, per).insert(0, "10 "));
  } else if (l.period != MoneyPeriod::None && r.period != MoneyPeriod::None) {
    const ir::Expr& m = l.period == MoneyPeriod::Month ? lhs : rhs;
    const ir::Expr& y = l.period == MoneyPeriod::Month ? rhs : lhs;
    const auto& file = sources_.file(e.span.file);
    const std::string mt(file.slice(m.span.begin, m.span.end));
    const std::string yt(file.slice(y.span.begin, y.span.end));
    hint = fmt::format("no conversion is made silently: {} the amounts over one year, `{} * 12 months` and "
                       "`{} * 1 year`",
                       verb, mt, yt);
  } else {
    const ir::Expr& per = l.period != MoneyPeriod::None ? lhs : rhs;
    const auto& file = sources_.file(e.span.file);
    const std::string pt(file.slice(per.span.begin, per.span.end));
    hint = fmt::format("an amount per {} times a duration is an amount: `{} * 1 {}`; or write the other value "
                       "per {} too (`{}`)",
                       period_word(per.type.period), pt, period_word(per.type.period),
                       period_word(per.type.period), literal_suffix(program_, per.type));
  }
  sink_.report(diag::Id::PeriodMismatch, e.span,
               fmt::format("cannot {} {} and {}: they are counted per different periods or units", verb,
                           type_name(program_, l), type_name(program_, r)))
      .hint(hint);
  return true;
}

}  // namespace bareme::sema
