// The symbols a file declares, from its syntax tree: every top-level name and the members of enums,
// records and combines.
#include <variant>

#include "editor_program.hpp"

namespace bareme::editor {
namespace {

struct SymbolCollector {
  Indexing& ix;
  const ast::File& file;
  FileIndex& out;
  std::string path;

  std::string add(const ast::Name& name, SymbolKind kind, source::Span extent,
                  const std::string& container = {}) {
    Symbol s;
    s.name = name.text;
    s.kind = kind;
    s.container = container;
    s.ns = file.header.name.text;
    s.location = ix.location(name.span);
    s.extent = ix.range(extent.valid() ? extent : name.span);
    std::string key = ix.add(out, std::move(s));
    if (container.empty())
      ix.declared[path].emplace(name.text, key);
    else
      ix.members[path][container].emplace(name.text, key);
    return key;
  }
  void cite(const std::optional<ast::Citation>& citation) {
    if (citation) out.symbols.back().citation = citation->text;
  }
  std::string text_of(source::Span span) const {
    if (!span.valid()) return {};
    return std::string(ix.compilation.sources.file(span.file).slice(span.begin, span.end));
  }

  void operator()(const ast::EnumDecl& d) {
    add(d.name, SymbolKind::Enum, d.span);
    for (const auto& c : d.cases) {
      const std::string key = add(c.name, SymbolKind::EnumCase, c.name.span, d.name.text);
      if (!c.label.empty()) out.symbols.back().doc = c.label;
      auto [it, fresh] = ix.cases.emplace(c.name.text, key);
      if (!fresh && it->second != key) it->second.clear();
    }
  }
  void operator()(const ast::RecordDecl& d) {
    add(d.name, SymbolKind::Record, d.span);
    for (const auto& f : d.fields) {
      add(f.name, SymbolKind::Field,
          f.type.span.valid() ? source::cover(f.name.span, f.type.span) : f.name.span, d.name.text);
      out.symbols.back().type = text_of(f.type.span);
    }
  }
  void operator()(const ast::UnitDecl& d) {
    add(d.name, SymbolKind::Unit, d.span);
    out.symbols.back().doc = d.label;
  }
  void operator()(const ast::InputDecl& d) {
    add(d.name, SymbolKind::Input, d.span);
    out.symbols.back().doc = d.doc;
    out.symbols.back().type = text_of(d.type.span);
  }
  void operator()(const ast::ParamDecl& d) {
    add(d.name, SymbolKind::Param, d.span);
    Symbol& s = out.symbols.back();
    s.type = text_of(d.type.span);
    for (const auto& v : d.values) {
      PeriodValue p;
      p.from = v.from.value_or("");
      p.until = v.until.value_or("");
      if (v.value) p.value = text_of(v.value->span);
      if (v.citation) p.citation = v.citation->text;
      s.periods.push_back(std::move(p));
    }
    if (!d.values.empty() && d.values.back().citation) s.citation = d.values.back().citation->text;
    ix.program.symbols[symbol_key(s)] = s;
  }
  void operator()(const ast::LetDecl& d) {
    add(d.name, d.is_function ? SymbolKind::Function : SymbolKind::Let, d.span);
    cite(d.citation);
    if (d.type) out.symbols.back().type = text_of(d.type->span);
    for (const auto& p : d.params) out.symbols.back().parameters.push_back(text_of(p.type.span));
  }
  void operator()(const ast::TableDecl& d) {
    add(d.name, SymbolKind::Table, d.span);
    cite(d.citation);
    out.symbols.back().type = text_of(d.result.span);
    for (const auto& p : d.params) out.symbols.back().parameters.push_back(text_of(p.type.span));
  }
  void operator()(const ast::CombineDecl& d) {
    add(d.name, SymbolKind::Combine, d.span);
    cite(d.citation);
    out.symbols.back().doc = d.title;
    for (const auto& a : d.aids) {
      add(a.name, SymbolKind::Aid, a.span, d.name.text);
      cite(a.citation);
    }
  }
  void operator()(const ast::LevelDecl& d) {
    add(d.name, SymbolKind::Level, d.span);
    cite(d.citation);
    out.symbols.back().doc = d.title;
  }
  // A property is listed (document and workspace symbols) but not declared: nothing reads it.
  void operator()(const ast::PropertyDecl& d) {
    Symbol s;
    s.name = d.name.text;
    s.kind = SymbolKind::Property;
    s.ns = file.header.name.text;
    s.location = ix.location(d.name.span);
    s.extent = ix.range(d.span);
    s.doc = d.sentence;
    ix.add(out, std::move(s));
    cite(d.citation);
  }
  template <typename Other>
  void operator()(const Other&) {}
};

}  // namespace

void collect_symbols(Indexing& ix, const ast::File& file) {
  const std::string path = ix.path_of(file.file);
  FileIndex& out = ix.program.files[path];
  out.ns = file.header.name.text;
  out.parsed = true;
  SymbolCollector collector{ix, file, out, path};
  if (!file.header.name.text.empty()) {
    collector.add(file.header.name, file.header.is_scheme ? SymbolKind::Scheme : SymbolKind::Module,
                  file.header.span);
    out.symbols.back().doc = file.header.title;
  }
  for (const auto& decl : file.decls) std::visit(collector, decl);
  // Symbols were copied into the program's table as they were added; refresh the copies that
  // the collector completed afterwards (types, docs, citations).
  for (const auto& s : out.symbols) ix.program.symbols[symbol_key(s)] = s;
}

}  // namespace bareme::editor
