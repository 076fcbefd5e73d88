// `combine` declarations (aids and cumulation caps) and `test` blocks.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {

bool Checker::is_constant(const ir::Expr& e) const {
  return std::visit(
      [&](const auto& node) -> bool {
        using N = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<N, ir::Literal> || std::is_same_v<N, ir::ParamRef>) {
          return true;
        } else if constexpr (std::is_same_v<N, ir::Unary> || std::is_same_v<N, ir::Convert>) {
          return is_constant(*node.operand);
        } else if constexpr (std::is_same_v<N, ir::Arith> || std::is_same_v<N, ir::Compare> || std::is_same_v<N, ir::Logic>) {
          return is_constant(*node.lhs) && is_constant(*node.rhs);
        } else if constexpr (std::is_same_v<N, ir::ListLiteral>) {
          return std::all_of(node.items.begin(), node.items.end(), [&](const auto& x) { return is_constant(*x); });
        } else if constexpr (std::is_same_v<N, ir::RecordLiteral>) {
          return std::all_of(node.fields.begin(), node.fields.end(), [&](const auto& x) { return is_constant(*x); });
        } else {
          return false;
        }
      },
      e.node);
}

void Checker::check_combine(Index i) {
  const auto* decl = combine_ast_[i];
  auto& combine = program_.combines[i];
  module_ = combine.module;
  const Type money = Type::of(TypeKind::Money);
  std::map<std::string, Index> aids;
  for (const auto& a : decl->aids) {
    if (aids.count(a.name.text)) {
      sink_.report(diag::Id::DuplicateName, a.name.span, fmt::format("combine `{}` lists the aid `{}` twice", combine.name, a.name.text))
          .note("first listed here", program_.combines[i].aids[aids[a.name.text]].span);
      continue;
    }
    aids[a.name.text] = static_cast<Index>(combine.aids.size());
    definition_ = combine.name + "." + a.name.text;
    auto amount = coerce(expr(*a.value, &money), money, fmt::format("aid `{}`", a.name.text));
    program_.combines[i].aids.push_back(ir::Aid{a.name.text, std::move(amount), a.citation ? a.citation->text : "", a.span});
  }
  auto resolve = [&](const ast::Name& n) -> std::optional<Index> {
    auto it = aids.find(n.text);
    if (it != aids.end()) return it->second;
    auto& d = sink_.report(diag::Id::UnknownName, n.span, fmt::format("combine `{}` has no aid named `{}`", combine.name, n.text));
    if (may_suggest()) {
      std::vector<std::string> names;
      for (const auto& [name, index] : aids) names.push_back(name);
      suggest(d, n.text, names);
    }
    return std::nullopt;
  };
  for (const auto& c : decl->caps) {
    ir::CapRule rule;
    for (const auto& t : c.targets) {
      if (auto a = resolve(t)) rule.targets.push_back(*a);
    }
    for (const auto& t : c.absorbers) {
      if (auto a = resolve(t)) rule.absorbers.push_back(*a);
    }
    definition_ = combine.name + " cap";
    rule.limit = coerce(expr(*c.limit, &money), money, "a cumulation cap");
    if (c.when) rule.when = coerce(expr(*c.when), Type::of(TypeKind::Bool), "the condition of a cap");
    rule.citation = c.citation ? c.citation->text : "";
    rule.span = c.span;
    program_.combines[i].caps.push_back(std::move(rule));
  }
}

void Checker::check_tests(const ast::File& file, Index module) {
  for (const auto& d : file.decls) {
    const auto* test = std::get_if<ast::TestDecl>(&d);
    if (test == nullptr) continue;
    module_ = module;
    locals_.clear();
    next_slot_ = 0;
    in_test_ = true;
    definition_ = "test \"" + test->name + "\"";
    ir::Test out;
    out.name = test->name;
    out.scheme = module_scheme_[module];
    out.module = module;
    out.span = test->span;
    std::map<std::string, source::Span> seen;
    for (const auto& b : test->given) {
      const std::optional<Index> ns = b.ns ? namespace_named(b.ns->text) : std::nullopt;
      if (b.ns && !ns) {
        sink_.report(diag::Id::UnknownName, b.ns->span,
                     fmt::format("no namespace named `{}` here: this file imports no file of that name", b.ns->text));
        continue;
      }
      const Symbol* s = ns ? lookup_in(*ns, b.name.text) : lookup(b.name.text);
      if (s == nullptr || s->kind != SymbolKind::Input) {
        if (s != nullptr && s->kind == SymbolKind::Rule) {
          sink_.report(diag::Id::TestUnknownInput, b.name.span,
                       fmt::format("`{}` is computed by the scheme; a test can only give inputs and definitions "
                                   "declared `unless given`",
                                   b.name.text))
              .note("defined here", s->span)
              .hint(fmt::format("declare it `let {} … unless given` to let a situation give it", b.name.text));
          continue;
        }
        auto& diag = sink_.report(diag::Id::TestUnknownInput, b.name.span,
                                  s ? fmt::format("`{}` is {}; a test can only set inputs", b.name.text, describe(s->kind))
                                    : fmt::format("the test sets `{}`, but there is no input of that name", b.name.text));
        if ((s != nullptr || ns || !hint_elsewhere(diag, b.name.text)) && may_suggest()) {
          std::vector<std::string> inputs;
          for (const auto& in : program_.inputs) inputs.push_back(in.name);
          suggest(diag, b.name.text, inputs);
        }
        continue;
      }
      auto [it, fresh] = seen.emplace(program_.inputs[s->index].name, b.name.span);
      if (!fresh) {
        sink_.report(diag::Id::DuplicateName, b.name.span, fmt::format("the test sets `{}` twice", b.name.text))
            .note("first set here", it->second);
        continue;
      }
      const Type t = program_.inputs[s->index].type;
      const char* what = program_.inputs[s->index].definition ? "`{}`" : "input `{}`";
      auto value = coerce(expr(*b.value, &t), t, fmt::format(fmt::runtime(what), b.name.text));
      if (!value->type.is_error() && !is_constant(*value)) {
        sink_.report(diag::Id::NotConstant, value->span, fmt::format("the test must give `{}` a constant value", b.name.text));
      }
      out.given.push_back(ir::Given{s->index, std::move(value)});
    }
    if (test->as_of) {
      out.as_of = coerce(expr(*test->as_of), Type::of(TypeKind::Date), "the `as of` date of a test");
    }
    for (const auto& x : test->expects) {
      out.expects.push_back(coerce(expr(*x), Type::of(TypeKind::Bool), "an expectation"));
    }
    in_test_ = false;
    program_.tests.push_back(std::move(out));
  }
}

}  // namespace bareme::sema
