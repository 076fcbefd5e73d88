// A scheme's `output` declarations: each name resolved to the input, parameter or `let` value
// it reports, checked to be a value a result row can carry.
#include <fmt/format.h>

#include <map>

#include "sema/checker.hpp"

namespace bareme::sema {

void Checker::check_outputs(Index i) {
  module_ = program_.schemes[i].module;
  locals_.clear();
  std::map<std::string, source::Span> seen;
  for (const auto* decl : scheme_output_ast_[i]) {
    for (const auto& name : decl->names) {
      auto [it, fresh] = seen.emplace(name.text, name.span);
      if (!fresh) {
        sink_.report(diag::Id::DuplicateName, name.span, fmt::format("`{}` is listed as an output twice", name.text))
            .note("first listed here", it->second);
        continue;
      }
      const Symbol* sym = lookup(name.text);
      if (sym != nullptr && sym->kind != SymbolKind::Input && sym->kind != SymbolKind::Param &&
          sym->kind != SymbolKind::Rule) {
        sink_.report(diag::Id::BadOutput, name.span,
                     fmt::format("`{}` is {}: an output reports a value", name.text, describe(sym->kind)))
            .hint("name an input, a parameter or a `let` without parameters (`let x = f(...)`, then `output x`)");
        continue;
      }
      if (name.text == "row" || name.text == "failed" || name.text == "error") {
        sink_.report(diag::Id::BadOutput, name.span,
                     fmt::format("`{}` would clash with the `{}` column of every result row", name.text, name.text))
            .hint(fmt::format("report it under another name: `let {}_value = {}`, then `output {}_value`", name.text,
                              name.text, name.text));
        continue;
      }
      if (name.text == "amount" || name.text == "eligible") {
        sink_.report(diag::Id::BadOutput, name.span,
                     fmt::format("`{}` is in every result already", name.text))
            .hint("list the figures that lead to it: the eligible cost, the rate, each cap");
        continue;
      }
      ast::Expr ref{ast::ExprKind::Name, name.span, name.text};
      definition_ = "output " + name.text;
      ir::ExprPtr value = expr(ref);
      if (!value || value->type.is_error()) continue;
      if (value->type.is(TypeKind::List) || value->type.is(TypeKind::Record)) {
        sink_.report(diag::Id::BadOutput, name.span,
                     fmt::format("`{}` is a {}: an output is one value per application",
                                 name.text, type_name(program_, value->type)))
            .hint("report a figure computed from it, such as `let points = count(p in list)`");
        continue;
      }
      program_.schemes[i].outputs.push_back(ir::Output{name.text, std::move(value), name.span});
    }
  }
}

}  // namespace bareme::sema
