// The editor workspace: open documents, the programs they root, and re-checking only what an edit
// reaches.
#include <set>
#include <tuple>

#include "editor_state.hpp"

namespace bareme::editor {

void keep_last_good(const ProgramIndex& old, ProgramIndex& fresh);

Workspace::Workspace(Options options) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
}
Workspace::~Workspace() = default;

void Workspace::set_document(const std::string& path, std::string text) {
  state_->open[path] = std::move(text);
  state_->dirty.insert(path);
}

namespace {

// The byte of `text` at `at`: its line's start, then `at.character` UTF-16 units into the line
// (at most to the line's end); past the last line, the end of the text.
size_t byte_at(const std::string& text, Position at) {
  size_t start = 0;
  for (uint32_t l = 0; l < at.line; ++l) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return text.size();
    start = nl + 1;
  }
  return start + byte_in_line(line_of(text, at.line), at.character);
}

}  // namespace

bool Workspace::edit_document(const std::string& path, Range range, const std::string& text) {
  const auto it = state_->open.find(path);
  if (it == state_->open.end()) return false;
  std::string& doc = it->second;
  size_t from = byte_at(doc, range.start), to = byte_at(doc, range.end);
  if (to < from) std::swap(from, to);
  doc.replace(from, to - from, text);
  state_->dirty.insert(path);
  return true;
}

void Workspace::close_document(const std::string& path) {
  state_->open.erase(path);
  state_->programs.erase(path);
  state_->dirty.insert(path);  // the programs that import it read it from the disk again
}

bool Workspace::dirty() const {
  return !state_->dirty.empty();
}

std::vector<std::string> Workspace::refresh() {
  State& s = *state_;
  std::set<std::string> roots;
  for (const auto& path : s.dirty) {
    if (s.open.count(path)) roots.insert(path);
    for (const auto& [root, program] : s.programs) {
      if (program.files.count(path)) roots.insert(root);
    }
  }
  s.dirty.clear();
  std::set<std::string> changed;
  for (const auto& root : roots) {
    if (auto old = s.programs.find(root); old != s.programs.end()) {
      for (const auto& [path, file] : old->second.files) changed.insert(path);
    }
    driver::ParseCache parsed;
    if (auto old = s.programs.find(root); old != s.programs.end())
      parsed = std::move(old->second.parsed);
    ProgramIndex program = index_program(root, s.open, s.options, std::move(parsed));
    if (auto old = s.programs.find(root); old != s.programs.end())
      keep_last_good(old->second, program);
    for (const auto& [path, file] : program.files) changed.insert(path);
    s.programs[root] = std::move(program);
  }
  return {changed.begin(), changed.end()};
}

// A file that does not parse (the usual state while typing) keeps the symbols and references of
// its last text that did, and a root that does not parse keeps its imports' indexes: completion,
// hover and definitions go on working, with positions that may lag behind the text.
void keep_last_good(const ProgramIndex& old, ProgramIndex& fresh) {
  for (auto& [path, file] : fresh.files) {
    auto before = old.files.find(path);
    // The old index may itself be kept from an earlier text: typing breaks the syntax for a while.
    if (file.parsed || before == old.files.end() ||
        (!before->second.parsed && before->second.symbols.empty()))
      continue;
    file.ns = before->second.ns;
    file.symbols = before->second.symbols;
    file.references = before->second.references;
    file.namespaces = before->second.namespaces;
    file.imported = before->second.imported;
    for (const auto& symbol : file.symbols) fresh.symbols.emplace(symbol_key(symbol), symbol);
  }
  auto root = fresh.files.find(fresh.root);
  if (root == fresh.files.end() || root->second.parsed) return;
  for (const auto& [path, file] : old.files) {
    if (!fresh.files.count(path)) fresh.files[path] = file;
  }
  for (const auto& [key, symbol] : old.symbols) fresh.symbols.emplace(key, symbol);
}

bool Workspace::knows(const std::string& path) const {
  return state_->file(path) != nullptr;
}

std::optional<std::string> Workspace::text(const std::string& path) const {
  if (auto it = state_->open.find(path); it != state_->open.end()) return it->second;
  if (const FileIndex* f = state_->file(path)) return f->text;
  return std::nullopt;
}

const ProgramIndex* Workspace::State::program_of(const std::string& path) const {
  if (auto it = programs.find(path); it != programs.end()) return &it->second;
  for (const auto& [root, program] : programs) {
    if (program.files.count(path)) return &program;
  }
  return nullptr;
}

const FileIndex* Workspace::State::file(const std::string& path) const {
  const ProgramIndex* p = program_of(path);
  if (!p) return nullptr;
  auto it = p->files.find(path);
  return it == p->files.end() ? nullptr : &it->second;
}

const Symbol* Workspace::State::symbol(const std::string& key, const std::string& near) const {
  if (const ProgramIndex* p = program_of(near)) {
    if (auto it = p->symbols.find(key); it != p->symbols.end()) return &it->second;
  }
  for (const auto& [root, program] : programs) {
    if (auto it = program.symbols.find(key); it != program.symbols.end()) return &it->second;
  }
  return nullptr;
}

std::string Workspace::State::key_at(const std::string& path, Position at,
                                     Range* name_range) const {
  const FileIndex* f = file(path);
  if (!f) return {};
  for (const auto& r : f->references) {
    if (r.range.contains(at)) {
      if (name_range) *name_range = r.range;
      return r.target;
    }
  }
  for (const auto& s : f->symbols) {
    if (s.location.range.contains(at)) {
      if (name_range) *name_range = s.location.range;
      return symbol_key(s);
    }
  }
  return {};
}

std::vector<Location> Workspace::State::uses(const std::string& key) const {
  std::set<std::tuple<std::string, uint32_t, uint32_t>> seen;
  std::vector<Location> out;
  for (const auto& [root, program] : programs) {
    for (const auto& [path, file] : program.files) {
      for (const auto& r : file.references) {
        if (r.target != key) continue;
        if (seen.emplace(path, r.range.start.line, r.range.start.character).second)
          out.push_back({path, r.range});
      }
    }
  }
  return out;
}

std::vector<Diagnostic> Workspace::diagnostics(const std::string& path) const {
  const FileIndex* f = state_->file(path);
  return f ? f->diagnostics : std::vector<Diagnostic>{};
}

std::optional<Symbol> Workspace::definition(const std::string& path, Position at) const {
  const std::string key = state_->key_at(path, at);
  if (key.empty()) return std::nullopt;
  const Symbol* s = state_->symbol(key, path);
  return s ? std::optional<Symbol>(*s) : std::nullopt;
}

std::vector<Location> Workspace::references(const std::string& path, Position at,
                                            bool include_declaration) const {
  const std::string key = state_->key_at(path, at);
  if (key.empty()) return {};
  std::vector<Location> out;
  if (include_declaration) {
    if (const Symbol* s = state_->symbol(key, path)) out.push_back(s->location);
  }
  for (auto& l : state_->uses(key)) out.push_back(std::move(l));
  return out;
}

std::vector<Symbol> Workspace::document_symbols(const std::string& path) const {
  const FileIndex* f = state_->file(path);
  return f ? f->symbols : std::vector<Symbol>{};
}

std::vector<Symbol> Workspace::workspace_symbols(const std::string& query) const {
  auto lower = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  const std::string q = lower(query);
  std::set<std::string> seen;
  std::vector<Symbol> out;
  for (const auto& [root, program] : state_->programs) {
    for (const auto& [key, s] : program.symbols) {
      if (lower(s.name).find(q) == std::string::npos || !seen.insert(key).second) continue;
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace bareme::editor
