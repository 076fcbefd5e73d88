// `property` declarations: claims for a prover, checked like conditions, never evaluated.
#include <fmt/format.h>

#include <map>

#include "sema/checker.hpp"

namespace bareme::sema {

void Checker::check_properties(const ast::File& file, Index module) {
  std::map<std::string, source::Span> seen;
  for (const auto& d : file.decls) {
    const auto* property = std::get_if<ast::PropertyDecl>(&d);
    if (property == nullptr) continue;
    const std::string& name = property->name.text;
    auto [it, fresh] = seen.emplace(name, property->name.span);
    if (!fresh) {
      sink_
          .report(diag::Id::DuplicateName, property->name.span,
                  fmt::format("two properties are named `{}`", name))
          .note("first named here", it->second);
    }
    // A property reads what a test's `expect` reads: the scheme's own `amount` and `eligible`.
    module_ = module;
    locals_.clear();
    next_slot_ = 0;
    in_test_ = true;
    definition_ = "property " + name;
    ir::Property out;
    out.name = name;
    out.sentence = property->sentence;
    out.citation = property->citation ? property->citation->text : "";
    out.scheme = module_scheme_[module];
    out.module = module;
    out.span = property->span;
    const Type boolean = Type::of(TypeKind::Bool);
    for (const auto& g : property->given) {
      out.preconditions.push_back(coerce(expr(*g, &boolean), boolean,
                                         fmt::format("a precondition of property `{}`", name)));
    }
    out.test = coerce(expr(*property->test, &boolean), boolean, fmt::format("property `{}`", name));
    in_test_ = false;
    program_.properties.push_back(std::move(out));
  }
}

}  // namespace bareme::sema
