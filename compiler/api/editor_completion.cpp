// Completion: names in scope, enum cases where an enum is expected, members after `.`.
#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "editor_state.hpp"

namespace bareme::editor {
namespace {

bool word_char(char ch) {
  return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || (ch & 0x80);
}

struct Collector {
  const Workspace::State& state;
  const std::string& path;
  std::string prefix;
  std::set<std::string> seen;
  std::vector<Completion> out;

  void add(const Symbol& s) {
    if (s.name.compare(0, prefix.size(), prefix) != 0 || !seen.insert(s.name).second) return;
    out.push_back({s.name, s.kind, s.type.empty() ? kind_name(s.kind) : s.type});
  }
  void add_key(const std::string& key) {
    if (const Symbol* s = state.symbol(key, path)) add(*s);
  }
  // The top-level symbols of a file, or the members of one of its containers.
  void add_file(const std::string& file, const std::string& container) {
    const FileIndex* f = state.file(file);
    if (!f) return;
    for (const auto& s : f->symbols) {
      if (s.container == container && s.kind != SymbolKind::Scheme && s.kind != SymbolKind::Module)
        add(s);
    }
  }
  // The members of the enum or record named by a type's text (`Zone`, `List<Station>`, `ns.Zone`).
  bool add_members_of_type(const FileIndex& here, std::string type) {
    static const std::regex inner("^List<(.*)>$");
    std::smatch m;
    if (std::regex_match(type, m, inner)) type = m[1].str();
    std::string file = here.path;
    if (auto dot = type.find('.'); dot != std::string::npos) {
      auto ns = here.namespaces.find(type.substr(0, dot));
      if (ns == here.namespaces.end()) return false;
      file = ns->second;
      type = type.substr(dot + 1);
    } else if (auto imported = here.imported.find(type); imported != here.imported.end()) {
      if (const Symbol* s = state.symbol(imported->second, path)) file = s->location.path;
    }
    const size_t before = out.size();
    add_file(file, type);
    if (out.size() > before) return true;
    // Not declared where the text says: any container of that name in the program.
    if (const ProgramIndex* p = state.program_of(path)) {
      for (const auto& [key, s] : p->symbols) {
        if (s.container == type) add(s);
      }
    }
    return out.size() > before;
  }
};

}  // namespace

std::vector<Completion> Workspace::complete(const std::string& path, Position at) const {
  const State& s = *state_;
  const FileIndex* here = s.file(path);
  if (!here) return {};
  const std::string& text = s.open.count(path) ? s.open.at(path) : here->text;
  const std::string_view line = line_of(text, at.line);
  const std::string before(line.substr(0, byte_in_line(line, at.character)));
  size_t start = before.size();
  while (start > 0 && word_char(before[start - 1])) --start;
  Collector c{s, path, before.substr(start), {}, {}};
  // What precedes the word, cut to its last 256 bytes: the patterns below look only that far back.
  const std::string head = before.substr(start > 256 ? start - 256 : 0, start > 256 ? 256 : start);
  // After `.`: the chain before it names a namespace, an enum, or a value of a record type.
  static const std::regex dotted("([A-Za-z_\\x80-\\xff][A-Za-z0-9_\\x80-\\xff.]*)\\.$");
  std::smatch m;
  if (std::regex_search(head, m, dotted)) {
    const std::string chain = m[1].str();
    const auto dot = chain.find('.');
    const std::string first = chain.substr(0, dot);
    const std::string rest = dot == std::string::npos ? "" : chain.substr(dot + 1);
    if (auto ns = here->namespaces.find(first);
        ns != here->namespaces.end() && !here->imported.count(first)) {
      if (rest.empty())
        c.add_file(ns->second, "");
      else
        c.add_file(ns->second, rest);
      return c.out;
    }
    const Symbol* symbol = nullptr;
    for (const auto& sym : here->symbols) {
      if (sym.container.empty() && sym.name == first) symbol = &sym;
    }
    if (!symbol) {
      if (auto it = here->imported.find(first); it != here->imported.end())
        symbol = s.symbol(it->second, path);
    }
    if (symbol && (symbol->kind == SymbolKind::Enum || symbol->kind == SymbolKind::Record)) {
      c.add_file(symbol->location.path, symbol->name);
    } else if (!(symbol && c.add_members_of_type(*here, symbol->type))) {
      // A local or an unknown value: every record field of the program.
      if (const ProgramIndex* p = s.program_of(path)) {
        for (const auto& [key, sym] : p->symbols) {
          if (sym.kind == SymbolKind::Field) c.add(sym);
        }
      }
    }
    return c.out;
  }
  // Where an enum is expected: after `NAME ==`, `NAME !=`, `NAME in {`, or `given NAME =`.
  static const std::regex compared(
      "([A-Za-z_\\x80-\\xff][A-Za-z0-9_\\x80-\\xff.]*)\\s*(==|!=|=|in\\s*\\{[^}]*)\\s*$");
  if (std::regex_search(head, m, compared)) {
    std::string name = m[1].str();
    if (auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    const Symbol* symbol = nullptr;
    for (const auto& sym : here->symbols) {
      if (sym.container.empty() && sym.name == name) symbol = &sym;
    }
    if (!symbol) {
      if (auto it = here->imported.find(name); it != here->imported.end())
        symbol = s.symbol(it->second, path);
    }
    if (symbol && !symbol->type.empty() && c.add_members_of_type(*here, symbol->type)) return c.out;
  }
  // In an argument of a call: the cases of the enum the parameter expects.
  static const std::regex call("([A-Za-z_\\x80-\\xff][A-Za-z0-9_\\x80-\\xff]*)\\(([^()]*)$");
  if (std::regex_search(head, m, call)) {
    const std::string callee = m[1].str();
    const std::string args = m[2].str();
    const size_t index = static_cast<size_t>(std::count(args.begin(), args.end(), ','));
    const Symbol* symbol = nullptr;
    for (const auto& sym : here->symbols) {
      if (sym.container.empty() && sym.name == callee) symbol = &sym;
    }
    if (!symbol) {
      if (auto it = here->imported.find(callee); it != here->imported.end())
        symbol = s.symbol(it->second, path);
    }
    if (!symbol) {  // `ns.f(`: the last function of that name in the namespaces this file reaches
      for (const auto& [ns, file] : here->namespaces) {
        if (const FileIndex* f = s.file(file)) {
          for (const auto& sym : f->symbols) {
            if (sym.container.empty() && sym.name == callee) symbol = &sym;
          }
        }
      }
    }
    if (symbol && index < symbol->parameters.size() &&
        c.add_members_of_type(*here, symbol->parameters[index]))
      return c.out;
  }
  for (const auto& sym : here->symbols) {
    if (sym.container.empty() && sym.kind != SymbolKind::Scheme && sym.kind != SymbolKind::Module &&
        sym.kind != SymbolKind::Property)
      c.add(sym);
  }
  for (const auto& [name, key] : here->imported) c.add_key(key);
  for (const auto& [name, file] : here->namespaces) {
    if (name.compare(0, c.prefix.size(), c.prefix) == 0 && c.seen.insert(name).second)
      c.out.push_back({name, SymbolKind::Module, "namespace"});
  }
  return c.out;
}

}  // namespace bareme::editor
