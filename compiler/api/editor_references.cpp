// The uses of names in a file, each resolved to the symbol it names: bare, imported and qualified
// names, types and enum cases.
#include <variant>

#include "editor_program.hpp"

namespace bareme::editor {
namespace {

struct Resolver {
  Indexing& ix;
  const ast::File& file;
  FileIndex& out;
  std::string path;
  std::vector<std::string> locals;  // function parameters and comprehension variables in scope

  bool is_local(const std::string& name) const {
    for (const auto& l : locals) {
      if (l == name) return true;
    }
    return false;
  }
  std::string in_file(const std::string& target, const std::string& name) const {
    auto f = ix.declared.find(target);
    if (f == ix.declared.end()) return {};
    auto it = f->second.find(name);
    return it == f->second.end() ? std::string() : it->second;
  }
  std::string member(const std::string& target, const std::string& container,
                     const std::string& name) const {
    auto f = ix.members.find(target);
    if (f == ix.members.end()) return {};
    auto c = f->second.find(container);
    if (c == f->second.end()) return {};
    auto it = c->second.find(name);
    return it == c->second.end() ? std::string() : it->second;
  }
  std::string bare(const std::string& name) const {
    if (auto key = in_file(path, name); !key.empty()) return key;
    if (auto it = out.imported.find(name); it != out.imported.end()) return it->second;
    if (auto it = ix.cases.find(name); it != ix.cases.end()) return it->second;
    return {};
  }
  std::string namespace_path(const std::string& name) const {
    auto it = out.namespaces.find(name);
    return it == out.namespaces.end() ? std::string() : it->second;
  }
  void use(source::Span span, const std::string& key) {
    if (!key.empty() && span.valid()) out.references.push_back({ix.range(span), key});
  }
  void name(const ast::Name& n) {
    if (!is_local(n.text)) use(n.span, bare(n.text));
  }
  // Records the uses in a qualified chain (`ns.x`, `Enum.case`, `ns.Enum.case`, `x.field`) and
  // returns the key of the symbol the whole chain names, when known.
  std::string chain(const ast::Expr& e) {
    if (e.kind == ast::ExprKind::Name) {
      if (is_local(e.text)) return {};
      std::string key = bare(e.text);
      use(e.span, key);
      return key;
    }
    if (e.kind != ast::ExprKind::Field || e.operands.empty() || e.labels.empty()) {
      expr(e);
      return {};
    }
    const ast::Expr& base = *e.operands[0];
    const ast::Name& field = e.labels[0];
    std::string key;
    if (base.kind == ast::ExprKind::Name && !is_local(base.text) &&
        in_file(path, base.text).empty() && !namespace_path(base.text).empty()) {
      const std::string target = namespace_path(base.text);
      auto t = ix.program.files.find(target);
      use(base.span, in_file(target, t == ix.program.files.end() ? "" : t->second.ns));
      key = in_file(target, field.text);
    } else {
      const std::string base_key = chain(base);
      auto s = ix.program.symbols.find(base_key);
      if (s != ix.program.symbols.end() && s->second.kind == SymbolKind::Enum)
        key = member(s->second.location.path, s->second.name, field.text);
    }
    use(field.span, key);
    return key;
  }

  void type(const ast::TypeRef& t) {
    if (t.ns) {
      if (auto target = namespace_path(t.ns->text); !target.empty())
        use(t.name.span, in_file(target, t.name.text));
    } else {
      name(t.name);
    }
    if (t.element) type(*t.element);
    for (const auto& u : t.per) name(u);
  }

  void expr(const ast::ExprPtr& e) {
    if (e) expr(*e);
  }
  void expr(const ast::Expr& e) {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::Name:
        name(ast::Name{e.text, e.span});
        return;
      case K::Field:
        chain(e);
        return;
      case K::Call: {
        std::string key;
        source::Span callee{e.span.file, e.span.begin,
                            e.span.begin + static_cast<uint32_t>(e.text.size())};
        if (e.qualifier) {
          const auto target = namespace_path(e.qualifier->text);
          callee.begin = e.qualifier->span.end + 1;
          callee.end = callee.begin + static_cast<uint32_t>(e.text.size());
          if (!target.empty()) key = in_file(target, e.text);
        } else if (!is_local(e.text)) {
          key = bare(e.text);
        }
        use(callee, key);
        for (const auto& a : e.operands) expr(a);
        return;
      }
      case K::Comprehension: {
        if (!e.operands.empty()) expr(e.operands[0]);
        locals.push_back(e.var.text);
        expr(e.projection);
        expr(e.where);
        locals.pop_back();
        return;
      }
      case K::Match: {
        if (!e.operands.empty()) expr(e.operands[0]);
        for (const auto& arm : e.arms) {
          for (const auto& p : arm.patterns) {
            if (p.text != "_") use(p.span, bare(p.text));
          }
          expr(arm.value);
        }
        return;
      }
      case K::Record:
        for (const auto& o : e.operands) expr(o);
        return;
      default:
        for (const auto& o : e.operands) expr(o);
        expr(e.projection);
        expr(e.where);
        for (const auto& arm : e.arms) expr(arm.value);
        return;
    }
  }

  void with_params(const std::vector<ast::FieldDecl>& params) {
    for (const auto& p : params) {
      type(p.type);
      locals.push_back(p.name.text);
    }
  }

  void operator()(const ast::RecordDecl& d) {
    for (const auto& f : d.fields) type(f.type);
  }
  void operator()(const ast::InputDecl& d) {
    type(d.type);
    expr(d.default_value);
    expr(d.at_least);
    expr(d.at_most);
  }
  void operator()(const ast::ParamDecl& d) {
    type(d.type);
    for (const auto& v : d.values) expr(v.value);
  }
  void operator()(const ast::LetDecl& d) {
    with_params(d.params);
    if (d.type) type(*d.type);
    expr(d.value);
    locals.clear();
  }
  void operator()(const ast::TableDecl& d) {
    with_params(d.params);
    type(d.result);
    for (const auto& row : d.rows) {
      for (const auto& cell : row.cells) {
        expr(cell.first);
        expr(cell.second);
      }
    }
    locals.clear();
  }
  void operator()(const ast::EligibleDecl& d) {
    for (const auto& c : d.conditions) expr(c.test);
  }
  void operator()(const ast::AmountDecl& d) { expr(d.value); }
  void operator()(const ast::CombineDecl& d) {
    for (const auto& a : d.aids) expr(a.value);
    for (const auto& cap : d.caps) {
      for (const auto& t : cap.targets) use(t.span, member(path, d.name.text, t.text));
      for (const auto& t : cap.absorbers) use(t.span, member(path, d.name.text, t.text));
      expr(cap.limit);
      expr(cap.when);
    }
  }
  void operator()(const ast::OutputDecl& d) {
    for (const auto& n : d.names) name(n);
  }
  void operator()(const ast::TestDecl& d) {
    for (const auto& b : d.given) {
      if (b.ns) {
        if (auto target = namespace_path(b.ns->text); !target.empty())
          use(b.name.span, in_file(target, b.name.text));
      } else {
        name(b.name);
      }
      expr(b.value);
    }
    expr(d.as_of);
    for (const auto& x : d.expects) expr(x);
  }
  void operator()(const ast::PropertyDecl& d) {
    for (const auto& g : d.given) expr(g);
    expr(d.test);
  }
  template <typename Other>
  void operator()(const Other&) {}
};

}  // namespace

void collect_references(Indexing& ix, const ast::File& file) {
  const std::string path = ix.path_of(file.file);
  FileIndex& out = ix.program.files[path];
  if (!out.ns.empty()) out.namespaces[out.ns] = path;
  for (const auto& imp : file.imports) {
    if (imp.resolved.empty()) continue;
    const std::string target = canonical_path(imp.resolved);
    auto t = ix.program.files.find(target);
    const std::string ns = imp.alias                     ? imp.alias->text
                           : t == ix.program.files.end() ? ""
                                                         : t->second.ns;
    if (!ns.empty()) out.namespaces[ns] = target;
    for (const auto& n : imp.names) {
      auto d = ix.declared[target].find(n.text);
      if (d == ix.declared[target].end()) continue;
      out.imported[n.text] = d->second;
      out.references.push_back({ix.range(n.span), d->second});
    }
  }
  Resolver resolver{ix, file, out, path, {}};
  if (file.header.as_of) resolver.name(*file.header.as_of);
  for (const auto& decl : file.decls) std::visit(resolver, decl);
}

}  // namespace bareme::editor
