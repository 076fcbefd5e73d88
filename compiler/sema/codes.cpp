// Code lists: the codes of an enum's cases, and values listed twice in a set literal.
#include <fmt/format.h>

#include <map>

#include "sema/checker.hpp"

namespace bareme::sema {

void Checker::check_codes(const ast::EnumDecl& e) {
  std::map<std::string, const ast::EnumCase*> codes;
  const ast::EnumCase* open = nullptr;
  for (const auto& c : e.cases) {
    if (c.open) {
      if (open != nullptr) {
        sink_.report(diag::Id::SecondOpenCase, c.code_span,
                     fmt::format("enum `{}` has two open cases, `{}` and `{}`", e.name.text, open->name.text, c.name.text))
            .note(fmt::format("`{}` already takes every value that names no case", open->name.text), open->code_span)
            .hint("keep one `= any` case");
      } else {
        open = &c;
      }
      continue;
    }
    if (!c.code_span.valid()) continue;
    if (c.code.empty()) {
      sink_.report(diag::Id::InvalidLiteral, c.code_span, fmt::format("the case `{}` has an empty code", c.name.text))
          .hint("an empty cell means \"not given\"; give the case a code or none");
      continue;
    }
    auto [it, fresh] = codes.emplace(c.code, &c);
    if (!fresh) {
      sink_.report(diag::Id::DuplicateCode, c.code_span,
                   fmt::format("the code \"{}\" of `{}` is already the code of `{}` in enum `{}`", c.code, c.name.text,
                               it->second->name.text, e.name.text))
          .note(fmt::format("`{}` has it here", it->second->name.text), it->second->code_span);
    }
  }
}

void Checker::warn_duplicate_elements(const std::vector<ir::ExprPtr>& elements) {
  // Literal elements of one type (enum cases, numbers, texts, dates): a second one adds nothing.
  std::map<std::pair<int64_t, std::string>, const ir::Expr*> seen;
  for (const auto& el : elements) {
    const auto* lit = el ? std::get_if<ir::Literal>(&el->node) : nullptr;
    if (lit == nullptr || el->type.is_error() || el->type.is(TypeKind::Duration)) continue;
    auto [it, fresh] = seen.emplace(std::make_pair(lit->value, lit->text), el.get());
    if (fresh) continue;
    const std::string shown(sources_.file(el->span.file).slice(el->span.begin, el->span.end));
    sink_.report(diag::Id::DuplicateElement, el->span, fmt::format("`{}` is already in this set", shown))
        .note("listed first here", it->second->span)
        .hint("remove one of them; a typo for another value?");
  }
}

}  // namespace bareme::sema
