// AST building for levels: `level` declarations and the `in LEVEL [priority N]` memberships.
#include <fmt/format.h>

#include "syntax/ast_builder.hpp"

namespace bareme::syntax {

ast::Membership AstBuilder::membership(P::MembershipContext& ctx) {
  ast::Membership out;
  auto* level = ctx.levelName();
  for (auto* part : level->ident()) out.level.text += (out.level.text.empty() ? "" : ".") + part->getText();
  out.level.span = span(level);
  if (auto* number = ctx.NUMBER()) {
    const std::string written = number->getText();
    out.priority = plain_number(written);
    out.priority_span = span(number);
    if (!well_grouped(written)) {
      sink_.report(diag::Id::InvalidLiteral, out.priority_span,
                   fmt::format("`{}` is not a number: digits are grouped by three, as in `2 700 000`", written));
    }
  }
  out.span = span(&ctx);
  return out;
}

ast::LevelDecl AstBuilder::level_decl(P::LevelDeclContext& ctx) {
  ast::LevelDecl out;
  out.name = name(ctx.ident());
  if (ctx.title) out.title = unquote(ctx.title->getText());
  out.policy = ctx.policy->getText();
  for (auto* m : ctx.membership()) out.memberships.push_back(membership(*m));
  out.citation = citation(ctx.citation());
  out.span = span(&ctx);
  return out;
}

}  // namespace bareme::syntax
