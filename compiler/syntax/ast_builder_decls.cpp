// AST building for the file, its header and every declaration.
#include <fmt/format.h>

#include "syntax/ast_builder.hpp"

namespace bareme::syntax {

ast::File build_ast(P::FileContext& tree, source::FileId file, diag::Sink& sink) {
  return AstBuilder(file, sink).file(tree);
}

source::Span AstBuilder::span(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr || ctx->getStart() == nullptr) return source::Span{file_, 0, 0};
  const auto begin = static_cast<uint32_t>(ctx->getStart()->getStartIndex());
  uint32_t end = begin;
  if (ctx->getStop() != nullptr && ctx->getStop()->getStopIndex() + 1 > begin) {
    end = static_cast<uint32_t>(ctx->getStop()->getStopIndex() + 1);
  }
  return source::Span{file_, begin, end};
}

source::Span AstBuilder::span(antlr4::Token* token) const {
  if (token == nullptr) return source::Span{file_, 0, 0};
  const auto begin = static_cast<uint32_t>(token->getStartIndex());
  return source::Span{file_, begin, static_cast<uint32_t>(token->getStopIndex() + 1)};
}

source::Span AstBuilder::span(antlr4::tree::TerminalNode* node) const {
  return node ? span(node->getSymbol()) : source::Span{file_, 0, 0};
}

ast::Name AstBuilder::name(P::IdentContext* ctx) {
  if (ctx == nullptr) return {};
  return ast::Name{ctx->getText(), span(ctx)};
}

std::optional<ast::Citation> AstBuilder::citation(P::CitationContext* ctx) {
  if (ctx == nullptr || ctx->STRING() == nullptr) return std::nullopt;
  return ast::Citation{unquote(ctx->STRING()->getText()), span(ctx)};
}

ast::File AstBuilder::file(P::FileContext& ctx) {
  ast::File out;
  out.file = file_;
  out.header = header(*ctx.header());
  for (auto* imp : ctx.importDecl()) {
    ast::Import import{unquote(imp->STRING()->getText()), {}, std::nullopt, "", span(imp)};
    for (auto* n : imp->names) import.names.push_back(name(n));
    if (imp->alias) import.alias = name(imp->alias);
    out.imports.push_back(std::move(import));
  }
  for (auto* d : ctx.declaration()) out.decls.push_back(decl(*d));
  return out;
}

ast::Header AstBuilder::header(P::HeaderContext& ctx) {
  ast::Header h;
  h.is_scheme = ctx.kind->getText() == "scheme";
  h.name = name(ctx.name);
  if (ctx.title) h.title = unquote(ctx.title->getText());
  h.span = span(&ctx);
  for (auto* item : ctx.headerItem()) {
    if (auto* s = dynamic_cast<P::SourceItemContext*>(item)) {
      h.source_document = unquote(s->STRING()->getText());
    } else if (auto* a = dynamic_cast<P::AuthorityItemContext*>(item)) {
      h.authority = unquote(a->STRING()->getText());
    } else if (auto* v = dynamic_cast<P::ValidItemContext*>(item)) {
      h.valid_span = span(v);
      std::string keyword;
      for (auto* child : v->children) {
        auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
        if (terminal == nullptr) continue;
        if (terminal->getSymbol()->getType() == P::DATE) {
          (keyword == "from" ? h.valid_from : h.valid_until) = terminal->getText();
        } else {
          keyword = terminal->getText();
        }
      }
    } else if (auto* r = dynamic_cast<P::RoundingItemContext*>(item)) {
      h.rounding = name(r->how);
    } else if (auto* o = dynamic_cast<P::AsOfItemContext*>(item)) {
      h.as_of = name(o->ident());
    } else if (auto* l = dynamic_cast<P::LevelItemContext*>(item)) {
      h.levels.push_back(membership(*l->membership()));
    }
  }
  return h;
}

ast::Decl AstBuilder::decl(P::DeclarationContext& ctx) {
  if (auto* c = ctx.enumDecl()) return enum_decl(*c);
  if (auto* c = ctx.recordDecl()) return record_decl(*c);
  if (auto* c = ctx.unitDecl()) return unit_decl(*c);
  if (auto* c = ctx.inputDecl()) return input_decl(*c);
  if (auto* c = ctx.paramDecl()) return param_decl(*c);
  if (auto* c = ctx.letDecl()) return let_decl(*c);
  if (auto* c = ctx.tableDecl()) return table_decl(*c);
  if (auto* c = ctx.eligibleDecl()) return eligible_decl(*c);
  if (auto* c = ctx.amountDecl()) return amount_decl(*c);
  if (auto* c = ctx.combineDecl()) return combine_decl(*c);
  if (auto* c = ctx.testDecl()) return test_decl(*c);
  if (auto* c = ctx.levelDecl()) return level_decl(*c);
  if (auto* c = ctx.outputDecl()) return output_decl(*c);
  if (auto* c = ctx.propertyDecl()) return property_decl(*c);
  return assume_decl(*ctx.assumeDecl());
}

ast::EnumDecl AstBuilder::enum_decl(P::EnumDeclContext& ctx) {
  ast::EnumDecl out{name(ctx.ident()), {}, span(&ctx)};
  for (auto* c : ctx.enumCase()) {
    ast::EnumCase ec{name(c->ident()), c->label ? unquote(c->label->getText()) : "", "", false, {}};
    if (c->code) {
      ec.code = unquote(c->code->getText());
      ec.code_span = span(c->code);
    } else if (c->open) {
      ec.open = true;
      ec.code_span = span(c->open);
    }
    out.cases.push_back(std::move(ec));
  }
  return out;
}

ast::RecordDecl AstBuilder::record_decl(P::RecordDeclContext& ctx) {
  ast::RecordDecl out{name(ctx.ident()), {}, span(&ctx)};
  for (auto* f : ctx.field()) out.fields.push_back(field(*f));
  return out;
}

ast::UnitDecl AstBuilder::unit_decl(P::UnitDeclContext& ctx) {
  return ast::UnitDecl{name(ctx.ident()), ctx.STRING() ? unquote(ctx.STRING()->getText()) : "",
                       span(&ctx)};
}

ast::FieldDecl AstBuilder::field(P::FieldContext& ctx) {
  return ast::FieldDecl{name(ctx.ident()), type(*ctx.type())};
}

ast::TypeRef AstBuilder::type(P::TypeContext& ctx) {
  ast::TypeRef out;
  if (ctx.ns) out.ns = name(ctx.ns);
  out.name = name(ctx.name);
  out.span = span(&ctx);
  if (ctx.type()) out.element = std::make_unique<ast::TypeRef>(type(*ctx.type()));
  for (auto* word : ctx.per) out.per.push_back(name(word));
  return out;
}

ast::InputDecl AstBuilder::input_decl(P::InputDeclContext& ctx) {
  ast::InputDecl out;
  out.name = name(ctx.ident());
  out.type = type(*ctx.type());
  if (ctx.dflt) out.default_value = expr(ctx.dflt);
  if (ctx.doc) out.doc = unquote(ctx.doc->getText());
  if (ctx.lower) out.at_least = expr(ctx.lower);
  if (ctx.upper) out.at_most = expr(ctx.upper);
  if (ctx.values) {
    out.values_path = unquote(ctx.values->getText());
    out.values_span = span(ctx.values);
  }
  out.span = span(&ctx);
  return out;
}

ast::ParamDecl AstBuilder::param_decl(P::ParamDeclContext& ctx) {
  ast::ParamDecl out;
  out.name = name(ctx.ident());
  out.type = type(*ctx.type());
  out.span = span(&ctx);
  for (auto* v : ctx.datedValue()) {
    ast::DatedValue dv;
    dv.value = expr(v->expr());
    dv.citation = citation(v->citation());
    if (auto* p = v->period()) {
      dv.period_span = span(p);
      std::string keyword;
      for (auto* child : p->children) {
        auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
        if (terminal->getSymbol()->getType() == P::DATE) {
          (keyword == "from" ? dv.from : dv.until) = terminal->getText();
        } else {
          keyword = terminal->getText();
        }
      }
    }
    out.values.push_back(std::move(dv));
  }
  return out;
}

ast::LetDecl AstBuilder::let_decl(P::LetDeclContext& ctx) {
  ast::LetDecl out;
  out.name = name(ctx.ident());
  for (auto* child : ctx.children) {
    if (child->getText() == "(") out.is_function = true;
  }
  for (auto* f : ctx.field()) out.params.push_back(field(*f));
  if (ctx.type()) out.type = type(*ctx.type());
  out.value = expr(ctx.expr());
  if (auto* g = ctx.unlessGiven()) {
    out.unless_given = span(g);
    if (out.is_function) {
      sink_.report(diag::Id::SyntaxError, *out.unless_given,
                   fmt::format("function `{}` cannot be declared `unless given`: a situation gives values, not functions",
                               out.name.text))
          .hint(fmt::format("give a value instead: `let {} : T = … unless given`", out.name.text));
    }
  }
  out.citation = citation(ctx.citation());
  out.span = span(&ctx);
  return out;
}

ast::OutputDecl AstBuilder::output_decl(P::OutputDeclContext& ctx) {
  ast::OutputDecl out{{}, span(&ctx)};
  for (auto* n : ctx.names) out.names.push_back(name(n));
  return out;
}

ast::AssumeDecl AstBuilder::assume_decl(P::AssumeDeclContext& ctx) {
  return ast::AssumeDecl{unquote(ctx.STRING()->getText()), citation(ctx.citation()), span(&ctx)};
}

ast::PropertyDecl AstBuilder::property_decl(P::PropertyDeclContext& ctx) {
  ast::PropertyDecl out{name(ctx.ident()), unquote(ctx.sentence->getText()), citation(ctx.citation()), {}, nullptr, span(&ctx)};
  for (auto* g : ctx.given) out.given.push_back(expr(g));
  out.test = expr(ctx.test);
  return out;
}

ast::EligibleDecl AstBuilder::eligible_decl(P::EligibleDeclContext& ctx) {
  ast::EligibleDecl out;
  out.span = span(&ctx);
  for (auto* c : ctx.condition()) {
    ast::Condition cond;
    if (c->label) cond.label = name(c->label);
    cond.test = expr(c->expr());
    cond.citation = citation(c->citation());
    if (c->message) cond.message = unquote(c->message->getText());
    cond.span = span(c);
    out.conditions.push_back(std::move(cond));
  }
  return out;
}

ast::AmountDecl AstBuilder::amount_decl(P::AmountDeclContext& ctx) {
  return ast::AmountDecl{expr(ctx.expr()), citation(ctx.citation()), span(&ctx)};
}

ast::CombineDecl AstBuilder::combine_decl(P::CombineDeclContext& ctx) {
  ast::CombineDecl out;
  out.name = name(ctx.ident());
  if (ctx.title) out.title = unquote(ctx.title->getText());
  out.citation = citation(ctx.citation());
  out.span = span(&ctx);
  for (auto* item : ctx.combineItem()) {
    if (auto* aid = dynamic_cast<P::AidItemContext*>(item)) {
      out.aids.push_back(ast::AidItem{name(aid->ident()), expr(aid->expr()),
                                      citation(aid->citation()), span(aid)});
    } else if (auto* cap = dynamic_cast<P::CapItemContext*>(item)) {
      ast::CapItem c;
      auto* target = cap->capTarget();
      c.total = target->ident().empty();
      for (auto* t : target->ident()) c.targets.push_back(name(t));
      auto exprs = cap->expr();
      c.limit = expr(exprs[0]);
      if (exprs.size() > 1) c.when = expr(exprs[1]);
      for (auto* a : cap->ident()) c.absorbers.push_back(name(a));
      c.citation = citation(cap->citation());
      c.span = span(cap);
      out.caps.push_back(std::move(c));
    }
  }
  return out;
}

ast::TestDecl AstBuilder::test_decl(P::TestDeclContext& ctx) {
  ast::TestDecl out;
  out.name = unquote(ctx.STRING()->getText());
  out.span = span(&ctx);
  for (auto* item : ctx.testItem()) {
    if (auto* given = dynamic_cast<P::GivenItemContext*>(item)) {
      for (auto* b : given->binding()) {
        out.given.push_back(ast::Binding{b->ns ? std::optional<ast::Name>(name(b->ns)) : std::nullopt,
                                         name(b->name), expr(b->expr())});
      }
    } else if (auto* as_of = dynamic_cast<P::AsOfTestItemContext*>(item)) {
      out.as_of = expr(as_of->expr());
    } else if (auto* expect = dynamic_cast<P::ExpectItemContext*>(item)) {
      for (auto* e : expect->expr()) out.expects.push_back(expr(e));
    }
  }
  return out;
}

ast::TableDecl AstBuilder::table_decl(P::TableDeclContext& ctx) {
  ast::TableDecl out;
  out.name = name(ctx.ident());
  for (auto* f : ctx.field()) out.params.push_back(field(*f));
  out.result = type(*ctx.type());
  auto* policy = ctx.hitPolicy();
  out.hit_policy = policy->children[0]->getText();
  if (policy->agg) out.aggregation = policy->agg->getText();
  out.citation = citation(ctx.citation());
  out.span = span(&ctx);
  for (auto* row : ctx.tableRow()) {
    ast::TableRow r;
    r.span = span(row);
    for (auto* c : row->cell()) r.cells.push_back(cell(*c));
    out.rows.push_back(std::move(r));
  }
  return out;
}

ast::TableCell AstBuilder::cell(P::CellContext& ctx) {
  ast::TableCell out;
  out.span = span(&ctx);
  if (dynamic_cast<P::AnyCellContext*>(&ctx)) {
    out.kind = ast::CellKind::Any;
  } else if (auto* b = dynamic_cast<P::BoundCellContext*>(&ctx)) {
    out.kind = ast::CellKind::Bound;
    out.op = b->op->getText();
    out.first = expr(b->expr());
  } else if (auto* i = dynamic_cast<P::IntervalCellContext*>(&ctx)) {
    out.kind = ast::CellKind::Interval;
    out.open_low = i->open->getText() == "(";
    out.open_high = i->close->getText() == ")";
    out.first = expr(i->expr(0));
    out.second = expr(i->expr(1));
  } else if (auto* v = dynamic_cast<P::ValueCellContext*>(&ctx)) {
    out.kind = ast::CellKind::Value;
    out.first = expr(v->expr());
  }
  return out;
}

}  // namespace bareme::syntax
