// Namespaces: what each file sees (its own names, the names its import lists bring in, the
// namespaces it imports) and how bare and qualified names resolve in it.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {

const Symbol* Checker::lookup(const std::string& name) const {
  const Scope& scope = scopes_[module_];
  if (auto it = scope.declared.find(name); it != scope.declared.end()) return &it->second;
  if (auto it = scope.imported.find(name); it != scope.imported.end()) return &it->second;
  return nullptr;
}

const Symbol* Checker::lookup_in(Index module, const std::string& name) const {
  const auto& declared = scopes_[module].declared;
  auto it = declared.find(name);
  return it == declared.end() ? nullptr : &it->second;
}

std::optional<Index> Checker::namespace_named(const std::string& name) const {
  const auto& namespaces = scopes_[module_].namespaces;
  auto it = namespaces.find(name);
  if (it == namespaces.end()) return std::nullopt;
  return it->second;
}

bool Checker::is_local(const std::string& name) const {
  return std::any_of(locals_.begin(), locals_.end(), [&](const Local& l) { return l.name == name; });
}

void Checker::check_module_names(const std::vector<const ast::File*>& files) {
  std::unordered_map<std::string, Index> first;
  for (Index m = 0; m < files.size(); ++m) {
    const auto& name = files[m]->header.name;
    auto [it, fresh] = first.emplace(name.text, m);
    if (!fresh) {
      sink_.report(diag::Id::DuplicateName, name.span,
                   fmt::format("two files of the project are both named `{}`", name.text))
          .note("the other one starts here", files[it->second]->header.name.span)
          .hint("each file opens a namespace: give it a name of its own");
    }
  }
}

void Checker::resolve_imports(const std::vector<const ast::File*>& files) {
  std::unordered_map<std::string, Index> by_key;
  for (Index m = 0; m < files.size(); ++m) by_key.emplace(files[m]->key, m);
  for (Index m = 0; m < files.size(); ++m) {
    Scope& scope = scopes_[m];
    scope.namespaces.emplace(program_.modules[m].name, m);
    const bool open = program_.modules[m].name == kReplModule;
    for (const auto& imp : files[m]->imports) {
      auto found = by_key.find(imp.resolved);
      if (found == by_key.end()) continue;
      const Index target = found->second;
      const ast::Name ns = imp.alias ? *imp.alias : ast::Name{program_.modules[target].name, imp.span};
      auto [it, fresh] = scope.namespaces.emplace(ns.text, target);
      if (!fresh && it->second != target) {
        sink_.report(diag::Id::DuplicateName, ns.span,
                     fmt::format("two namespaces of this file are named `{}`", ns.text))
            .hint(fmt::format("rename one: `import \"{}\" as OTHER_NAME`", imp.path));
      }
      if (open) {
        // The REPL sees what each file it loaded sees (its names, the names it imports, its
        // namespaces); a name two of them see differently is reached qualified only.
        for (const auto* names : {&scopes_[target].declared, &scopes_[target].imported}) {
          for (const auto& [name, sym] : *names) {
            auto [at, first] = scope.imported.emplace(name, sym);
            if (!first && !(at->second.kind == sym.kind && at->second.index == sym.index)) ambiguous_[m].insert(name);
          }
        }
        for (const auto& [name, target_ns] : scopes_[target].namespaces) scope.namespaces.emplace(name, target_ns);
        continue;
      }
      for (const auto& n : imp.names) bring_in(m, target, n);
    }
    for (const auto& name : ambiguous_[m]) scope.imported.erase(name);
  }
}

void Checker::bring_in(Index module, Index target, const ast::Name& n) {
  Scope& scope = scopes_[module];
  const Symbol* sym = lookup_in(target, n.text);
  if (sym == nullptr) {
    auto& d = sink_.report(diag::Id::UnknownName, n.span,
                           fmt::format("`{}` ({}) declares nothing named `{}`", program_.modules[target].name,
                                       program_.modules[target].path, n.text));
    if (may_suggest()) {
      std::vector<std::string> names;
      for (const auto& [name, s] : scopes_[target].declared) names.push_back(name);
      suggest(d, n.text, names);
    }
    return;
  }
  if (auto own = scope.declared.find(n.text); own != scope.declared.end()) {
    sink_.report(diag::Id::DuplicateName, n.span,
                 fmt::format("`{}` is imported from `{}`, but this file declares it too", n.text,
                             program_.modules[target].name))
        .note("declared here", own->second.span)
        .hint(fmt::format("drop it from the import list and write `{}.{}` where the imported one is meant",
                          program_.modules[target].name, n.text));
    return;
  }
  auto [it, fresh] = scope.imported.emplace(n.text, *sym);
  if (!fresh && !(it->second.kind == sym->kind && it->second.index == sym->index)) {
    sink_.report(diag::Id::DuplicateName, n.span, fmt::format("`{}` is imported twice, from two files", n.text))
        .note("the other one is declared here", it->second.span)
        .hint("import one of them by its namespace and write `NAMESPACE.name`");
  }
}

const Symbol* Checker::declared_symbol(const ast::Expr& e) const {
  if (e.kind == ast::ExprKind::Name) return is_local(e.text) ? nullptr : lookup(e.text);
  if (e.kind != ast::ExprKind::Field || e.operands[0]->kind != ast::ExprKind::Name) return nullptr;
  const std::string& base = e.operands[0]->text;
  if (is_local(base) || lookup(base) != nullptr) return nullptr;
  const auto ns = namespace_named(base);
  return ns ? lookup_in(*ns, e.text) : nullptr;
}

ir::ExprPtr Checker::value_of(const Symbol& s, const std::string& shown, source::Span span) {
  switch (s.kind) {
    case SymbolKind::Input:
      ensure(DefNode{DefKind::Input, s.index});
      return make_expr(program_.inputs[s.index].type, span, ir::InputRef{s.index});
    case SymbolKind::Param:
      ensure(DefNode{DefKind::Param, s.index});
      return make_expr(program_.params[s.index].type, span, ir::ParamRef{s.index});
    case SymbolKind::Rule:
      ensure(DefNode{DefKind::Rule, s.index});
      return make_expr(program_.rules[s.index].type, span, ir::RuleRef{s.index});
    default:
      sink_.report(diag::Id::TypeMismatch, span, fmt::format("`{}` is {}, not a value", shown, describe(s.kind)))
          .hint(s.kind == SymbolKind::Table || s.kind == SymbolKind::Function
                    ? fmt::format("call it: `{}(...)`", shown)
                : s.kind == SymbolKind::Scheme || s.kind == SymbolKind::Level
                    ? fmt::format("write `{0}.amount` or `{0}.eligible`", shown)
                                               : "use a value of this type instead");
      return error_expr(span);
  }
}

ir::ExprPtr Checker::scheme_result(Index scheme, const std::string& member, source::Span span) {
  if (!in_test_) ensure(DefNode{DefKind::Scheme, scheme});
  const bool is_amount = member == "amount";
  return make_expr(Type::of(is_amount ? TypeKind::Money : TypeKind::Bool), span,
                   ir::SchemeRef{scheme, is_amount ? ir::SchemeRef::What::Amount : ir::SchemeRef::What::Eligible});
}

ir::ExprPtr Checker::qualified_value(const ast::Expr& e, Index ns) {
  const std::string& member = e.text;
  const std::string shown = fmt::format("{}.{}", e.operands[0]->text, member);
  if ((member == "amount" || member == "eligible") && module_scheme_[ns]) {
    return scheme_result(*module_scheme_[ns], member, e.span);
  }
  if (const Symbol* s = lookup_in(ns, member)) return value_of(*s, shown, e.span);
  auto& d = sink_.report(diag::Id::UnknownName, e.labels[0].span,
                         fmt::format("`{}` ({}) declares nothing named `{}`", e.operands[0]->text,
                                     program_.modules[ns].path, member));
  if (may_suggest()) {
    std::vector<std::string> names;
    for (const auto& [name, s] : scopes_[ns].declared) names.push_back(name);
    if (module_scheme_[ns]) names.insert(names.end(), {"amount", "eligible"});
    suggest(d, member, names);
  }
  return error_expr(e.span);
}

bool Checker::hint_elsewhere(diag::Diagnostic& d, const std::string& name) const {
  auto it = declared_anywhere_.find(name);
  if (it == declared_anywhere_.end()) return false;
  size_t shown = 0;
  for (const Index m : it->second) {
    if (m == module_ || shown++ == 3) continue;
    const auto& mod = program_.modules[m];
    bool reachable = false;
    for (const auto& [ns, target] : scopes_[module_].namespaces) {
      if (target == m) {
        d.hint(fmt::format("`{0}` is declared in `{1}`: write `{1}.{0}`, or `import {0} from \"{2}\"`", name, ns,
                           mod.path));
        reachable = true;
        break;
      }
    }
    if (!reachable) {
      d.hint(fmt::format("`{0}` is declared in `{1}`, which this file does not import: `import {0} from \"{2}\"`",
                         name, mod.name, mod.path));
    }
  }
  return shown > 0;
}

void Checker::qualify_clashing_names() {
  // A name declared in several namespaces is shown qualified (`paris.plafond`) in the IR, in
  // explanations and in application keys; a name declared once stays bare.
  auto qualify = [&](auto& decls) {
    for (auto& d : decls) {
      auto it = declared_anywhere_.find(d.name);
      if (it != declared_anywhere_.end() && it->second.size() > 1) {
        d.name = fmt::format("{}.{}", program_.modules[d.module].name, d.name);
      }
    }
  };
  qualify(program_.enums);
  qualify(program_.records);
  qualify(program_.units);
  qualify(program_.inputs);
  qualify(program_.params);
  qualify(program_.rules);
  qualify(program_.functions);
  qualify(program_.tables);
  qualify(program_.combines);
}

}  // namespace bareme::sema
