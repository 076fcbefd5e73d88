// Turns ANTLR parse-tree contexts into our AST; private to the syntax phase.
#pragma once

#include <BaremeParser.h>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"

namespace bareme::syntax {

using P = bareme_antlr::BaremeParser;

// Builds the AST of a file that parsed without errors.
ast::File build_ast(P::FileContext& tree, source::FileId file, diag::Sink& sink);

// One method per grammar construct; declarations in ast_builder_decls.cpp, expressions in
// ast_builder_exprs.cpp.
class AstBuilder {
 public:
  AstBuilder(source::FileId file, diag::Sink& sink) : file_(file), sink_(sink) {}

  ast::File file(P::FileContext& ctx);

  ast::ExprPtr expr(P::ExprContext* ctx);

 private:
  ast::Header header(P::HeaderContext& ctx);
  ast::Decl decl(P::DeclarationContext& ctx);
  ast::EnumDecl enum_decl(P::EnumDeclContext& ctx);
  ast::RecordDecl record_decl(P::RecordDeclContext& ctx);
  ast::UnitDecl unit_decl(P::UnitDeclContext& ctx);
  ast::InputDecl input_decl(P::InputDeclContext& ctx);
  ast::ParamDecl param_decl(P::ParamDeclContext& ctx);
  ast::LetDecl let_decl(P::LetDeclContext& ctx);
  ast::AssumeDecl assume_decl(P::AssumeDeclContext& ctx);
  ast::PropertyDecl property_decl(P::PropertyDeclContext& ctx);
  ast::OutputDecl output_decl(P::OutputDeclContext& ctx);
  ast::TableDecl table_decl(P::TableDeclContext& ctx);
  ast::TableCell cell(P::CellContext& ctx);
  ast::EligibleDecl eligible_decl(P::EligibleDeclContext& ctx);
  ast::AmountDecl amount_decl(P::AmountDeclContext& ctx);
  ast::CombineDecl combine_decl(P::CombineDeclContext& ctx);
  ast::TestDecl test_decl(P::TestDeclContext& ctx);
  // ast_builder_levels.cpp
  ast::LevelDecl level_decl(P::LevelDeclContext& ctx);
  ast::Membership membership(P::MembershipContext& ctx);
  ast::FieldDecl field(P::FieldContext& ctx);
  ast::TypeRef type(P::TypeContext& ctx);
  std::optional<ast::Citation> citation(P::CitationContext* ctx);

  ast::ExprPtr primary(P::PrimaryContext* ctx);
  ast::ExprPtr make(ast::ExprKind kind, antlr4::ParserRuleContext* ctx);

 public:
  ast::Name name(P::IdentContext* ctx);
  source::Span span(antlr4::ParserRuleContext* ctx) const;
  source::Span span(antlr4::Token* token) const;
  source::Span span(antlr4::tree::TerminalNode* node) const;

 private:
  source::FileId file_;
  diag::Sink& sink_;
};

// The text of a STRING token without quotes and with escapes resolved.
std::string unquote(const std::string& token_text);
// True when a NUMBER token's thousands groups are of three digits (`2 700`, not `27 00`).
bool well_grouped(const std::string& token_text);
// The digits of a NUMBER token without thousands separators.
std::string plain_number(const std::string& token_text);

}  // namespace bareme::syntax
