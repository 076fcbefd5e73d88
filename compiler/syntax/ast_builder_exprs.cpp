// AST building for expressions and literals.
#include <fmt/format.h>

#include <algorithm>

#include "syntax/ast_builder.hpp"

namespace bareme::syntax {

std::string unquote(const std::string& text) {
  std::string out;
  if (text.size() < 2) return out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '\\' && i + 2 < text.size()) {
      const char c = text[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += text[i];
    }
  }
  return out;
}

bool well_grouped(const std::string& text) {
  // Split the whole part at separators (space, U+00A0, U+202F); the fraction is ungrouped.
  const std::string whole = text.substr(0, text.find('.'));
  std::vector<size_t> groups{0};
  for (size_t i = 0; i < whole.size(); ++i) {
    if (whole[i] >= '0' && whole[i] <= '9') {
      ++groups.back();
    } else if (whole[i] == ' ' || static_cast<unsigned char>(whole[i]) == 0xC2 || static_cast<unsigned char>(whole[i]) == 0xE2) {
      groups.push_back(0);
    }
  }
  if (groups.size() == 1) return true;
  if (groups[0] < 1 || groups[0] > 3) return false;
  return std::all_of(groups.begin() + 1, groups.end(), [](size_t g) { return g == 3; });
}

std::string plain_number(const std::string& text) {
  std::string out;
  for (char c : text) {
    if ((c >= '0' && c <= '9') || c == '.') out += c;
  }
  return out;
}

ast::ExprPtr AstBuilder::make(ast::ExprKind kind, antlr4::ParserRuleContext* ctx) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = kind;
  e->span = span(ctx);
  return e;
}

ast::ExprPtr AstBuilder::expr(P::ExprContext* ctx) {
  using K = ast::ExprKind;
  if (ctx == nullptr) return nullptr;
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(c->primary());
  if (auto* c = dynamic_cast<P::FieldExprContext*>(ctx)) {
    auto e = make(K::Field, c);
    e->operands.push_back(expr(c->expr()));
    e->labels.push_back(name(c->ident()));
    e->text = c->ident()->getText();
    return e;
  }
  auto binary = [&](antlr4::ParserRuleContext* c, std::string op, P::ExprContext* l,
                    P::ExprContext* r) {
    auto e = make(K::Binary, c);
    e->op = std::move(op);
    e->operands.push_back(expr(l));
    e->operands.push_back(expr(r));
    return e;
  };
  if (auto* c = dynamic_cast<P::NegExprContext*>(ctx)) {
    auto e = make(K::Unary, c);
    e->op = "-";
    e->operands.push_back(expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    auto e = make(K::Unary, c);
    e->op = "not";
    e->operands.push_back(expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) return binary(c, c->op->getText(), c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) return binary(c, c->op->getText(), c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) return binary(c, c->op->getText(), c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) return binary(c, "and", c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) return binary(c, "or", c->expr(0), c->expr(1));
  if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    auto e = make(K::In, c);
    e->negated = c->negated != nullptr;
    e->operands.push_back(expr(c->expr(0)));
    e->operands.push_back(expr(c->expr(1)));
    return e;
  }
  if (auto* c = dynamic_cast<P::CapExprContext*>(ctx)) {
    auto e = make(K::Cap, c);
    e->operands.push_back(expr(c->expr(0)));
    e->operands.push_back(expr(c->expr(1)));
    return e;
  }
  if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
    auto e = make(K::If, c);
    for (auto* part : c->expr()) e->operands.push_back(expr(part));
    return e;
  }
  return nullptr;
}

ast::ExprPtr AstBuilder::primary(P::PrimaryContext* ctx) {
  using K = ast::ExprKind;
  if (auto* c = dynamic_cast<P::NumberLitContext*>(ctx)) {
    auto e = make(K::Number, c);
    const std::string written = c->NUMBER()->getText();
    e->text = plain_number(written);
    if (!well_grouped(written)) {
      sink_.report(diag::Id::InvalidLiteral, span(c->NUMBER()),
                   fmt::format("`{}` is not a number: digits are grouped by three, as in `2 700 000`", written))
          .hint("remove the spaces, or put one before every third digit from the right");
    }
    if (auto* suffix = c->unitSuffix()) {
      e->suffix = suffix->getText();
      e->suffix_span = span(suffix);
    }
    return e;
  }
  if (auto* c = dynamic_cast<P::DateLitContext*>(ctx)) {
    auto e = make(K::Date, c);
    e->text = c->getText();
    return e;
  }
  if (auto* c = dynamic_cast<P::StringLitContext*>(ctx)) {
    auto e = make(K::String, c);
    e->text = unquote(c->STRING()->getText());
    return e;
  }
  if (auto* c = dynamic_cast<P::BoolLitContext*>(ctx)) {
    auto e = make(K::Bool, c);
    e->text = c->value->getText();
    return e;
  }
  if (auto* c = dynamic_cast<P::CountExprContext*>(ctx)) {
    auto e = make(K::Comprehension, c);
    e->text = c->op->getText();
    e->var = name(c->ident());
    e->operands.push_back(expr(c->expr(0)));
    if (c->expr().size() > 1) e->where = expr(c->expr(1));
    return e;
  }
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx); c && c->comprehension()) {
    auto* first = c->arg(0);
    auto* over = c->comprehension();
    if (first->ident()) {
      sink_.report(diag::Id::SyntaxError, span(first->ident()),
                   fmt::format("the expression of `{}(… for …)` takes no name", c->callee->getText()))
          .hint(fmt::format("remove `{}:`", first->ident()->getText()));
    }
    auto e = make(K::Comprehension, c);
    if (c->ns) {
      sink_.report(diag::Id::SyntaxError, span(c->ns), fmt::format("`{}(… for …)` is built in; it takes no namespace", c->callee->getText()));
    }
    e->text = c->callee->getText();
    e->labels.push_back(name(c->callee));
    e->var = name(over->ident());
    e->projection = expr(first->expr());
    e->operands.push_back(expr(over->expr(0)));
    if (over->expr().size() > 1) e->where = expr(over->expr(1));
    return e;
  }
  if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) {
    auto e = make(K::Call, c);
    e->text = c->callee->getText();
    e->var = name(c->callee);
    if (c->ns) e->qualifier = name(c->ns);
    for (auto* a : c->arg()) {
      e->labels.push_back(a->ident() ? name(a->ident()) : ast::Name{});
      e->operands.push_back(expr(a->expr()));
    }
    return e;
  }
  if (auto* c = dynamic_cast<P::NameExprContext*>(ctx)) {
    auto e = make(K::Name, c);
    e->text = c->getText();
    return e;
  }
  if (auto* c = dynamic_cast<P::ParenExprContext*>(ctx)) {
    auto inner = expr(c->expr());
    if (inner) inner->span = span(c);
    return inner;
  }
  if (auto* c = dynamic_cast<P::RecordLitContext*>(ctx)) {
    auto e = make(K::Record, c);
    for (auto* f : c->fieldInit()) {
      e->labels.push_back(name(f->ident()));
      e->operands.push_back(expr(f->expr()));
    }
    return e;
  }
  if (auto* c = dynamic_cast<P::SetLitContext*>(ctx)) {
    auto e = make(K::Set, c);
    for (auto* item : c->expr()) e->operands.push_back(expr(item));
    return e;
  }
  if (auto* c = dynamic_cast<P::ListLitContext*>(ctx)) {
    auto e = make(K::List, c);
    for (auto* item : c->expr()) e->operands.push_back(expr(item));
    return e;
  }
  if (auto* c = dynamic_cast<P::NotApplicableLitContext*>(ctx)) return make(K::NotApplicable, c);
  if (auto* c = dynamic_cast<P::MatchExprContext*>(ctx)) {
    auto e = make(K::Match, c);
    e->operands.push_back(expr(c->expr()));
    for (auto* arm : c->matchArm()) {
      ast::MatchArm a;
      for (auto* p : arm->ident()) a.patterns.push_back(name(p));
      a.value = expr(arm->expr());
      a.span = span(arm);
      e->arms.push_back(std::move(a));
    }
    return e;
  }
  return nullptr;
}

}  // namespace bareme::syntax
