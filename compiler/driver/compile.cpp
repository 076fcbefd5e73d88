// The pipeline: read → parse (syntax) → follow imports → check (sema) → typed IR.
#include "driver/compile.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <algorithm>
#include <map>
#include <unordered_map>

#include "driver/imports.hpp"
#include "sema/check.hpp"
#include "syntax/parse.hpp"

namespace bareme::driver {
namespace {

namespace fs = std::filesystem;

// Loads files depth first, so that each file is appended after everything it imports. The
// files being loaded are an explicit stack: a chain of imports may be as long as the input says.
class Loader {
 public:
  Loader(Compilation& c, const Options& options) : c_(c), options_(options) {}

  void load_root(const std::string& path, std::optional<std::string> text) {
    start(path, std::move(text), {});
    while (!loading_.empty()) step();
    roots_.push_back(key(path));
  }
  const std::vector<std::string>& roots() const { return roots_; }
  bool failed() const { return failed_; }

 private:
  // A file whose imports are being loaded; it is appended once the last one is.
  struct Loading {
    std::string path, key;
    std::optional<ast::File> file;  // empty when it did not parse
    size_t next_import = 0;
  };

  // Remembered: a catalogue's hundreds of files import the same few modules by the same
  // relative paths, and each resolution asks the file system about every component.
  const std::string& key(const std::string& path) {
    auto [it, added] = keys_.try_emplace(path);
    if (added) {
      std::error_code ec;
      auto canonical = fs::weakly_canonical(fs::path(path), ec);
      it->second = ec ? path : canonical.string();
    }
    return it->second;
  }
  std::unordered_map<std::string, std::string> keys_;

  // Reads and parses `path` and puts it on the stack, unless it is loaded or being loaded already:
  // files may import each other (cycles are judged on definitions, by the checker).
  void start(const std::string& path, std::optional<std::string> text, source::Span import_span) {
    const std::string k = key(path);
    if (state_.count(k)) return;
    if (!text && options_.texts) {
      if (auto kept = options_.texts->find(path); kept != options_.texts->end()) text = kept->second;
      else if (auto by_key = options_.texts->find(k); by_key != options_.texts->end()) text = by_key->second;
    }
    if (!text) {
      std::string error;
      text = read_file(path, error);
      if (!text) {
        c_.sink.report(diag::Id::Io, import_span, fmt::format("cannot read `{}`: {}", path, error));
        failed_ = true;
        return;
      }
    }
    state_[k] = State::Loading;
    const source::FileId id = c_.sources.add(path, std::move(*text));
    std::optional<ast::File> file = reuse(k, id);
    const size_t reported = c_.sink.diagnostics().size();
    if (!file) file = syntax::parse(c_.sources, id, c_.sink);
    if (file && c_.sink.diagnostics().size() == reported) c_.parsed_clean.push_back(id);
    if (!file) failed_ = true;
    if (file) file->key = k;
    loading_.push_back(Loading{path, k, std::move(file)});
  }

  // The tree kept for `key` when it was parsed from this very text under this FileId; the
  // driver's own additions (import keys, `one of` values) are made again.
  std::optional<ast::File> reuse(const std::string& key, source::FileId id) {
    if (!options_.parse_cache) return std::nullopt;
    auto kept = options_.parse_cache->find(key);
    if (kept == options_.parse_cache->end()) return std::nullopt;
    std::optional<ast::File> file;
    if (kept->second.file == id && kept->second.text == c_.sources.file(id).text()) {
      file = std::move(kept->second.tree);
      for (auto& imp : file->imports) imp.resolved.clear();
      for (auto& decl : file->decls) {
        if (auto* input = std::get_if<ast::InputDecl>(&decl)) input->values.clear();
      }
    }
    options_.parse_cache->erase(kept);
    return file;
  }

  // Starts the next import of the innermost file, or appends that file when it has none left.
  void step() {
    Loading& top = loading_.back();
    if (top.file && top.next_import < top.file->imports.size()) {
      const ast::Import& imp = top.file->imports[top.next_import++];
      std::vector<std::string> tried;
      auto target = resolve_import(top.path, imp.path, options_, tried);
      if (!target) {
        c_.sink.report(diag::Id::ImportNotFound, imp.span, fmt::format("cannot find the imported file `{}`", imp.path))
            .note("searched next to the importing file, in its parent folders and in the library paths")
            .hint("import paths are relative to the importing file or to a folder above it");
        failed_ = true;
        return;
      }
      const std::string shown = display_path(*target);
      ast::Import& resolved = top.file->imports[top.next_import - 1];
      resolved.resolved = key(shown);
      const source::Span span = resolved.span;  // `top` and `resolved` do not survive a push
      start(shown, std::nullopt, span);
      return;
    }
    if (top.file) {
      load_values(top.path, *top.file, options_, c_.sink);
      c_.files.push_back(std::move(*top.file));
    }
    state_[top.key] = State::Done;
    loading_.pop_back();
  }

  enum class State { Loading, Done };
  Compilation& c_;
  const Options& options_;
  std::map<std::string, State> state_;
  std::vector<Loading> loading_;
  std::vector<std::string> roots_;
  bool failed_ = false;
};

std::unique_ptr<Compilation> run(const std::vector<std::string>& paths, std::optional<std::string> text,
                                 const Options& options) {
  auto c = std::make_unique<Compilation>();
  Loader loader(*c, options);
  for (const auto& path : paths) loader.load_root(path, text);
  // The root files, in the order given, are last (each after what it imports).
  for (const auto& root : loader.roots()) {
    auto it = std::find_if(c->files.begin(), c->files.end(), [&](const ast::File& f) { return f.key == root; });
    if (it != c->files.end()) std::rotate(it, it + 1, c->files.end());
  }
  if (!loader.failed()) {
    std::vector<const ast::File*> files;
    for (const auto& f : c->files) files.push_back(&f);
    if (options.keep_checker) {
      c->checker = std::make_shared<sema::KeptChecker>(c->sources, c->sink, options.repl_scheme);
      c->program = c->checker->check(files);
    } else {
      c->program = sema::check(files, c->sources, c->sink, options.repl_scheme);
    }
  }
  c->sink.sort();
  return c;
}

}  // namespace

std::unique_ptr<Compilation> compile_file(const std::string& path, const Options& options) {
  return run({path}, std::nullopt, options);
}

std::unique_ptr<Compilation> compile_files(const std::vector<std::string>& paths, const Options& options) {
  return run(paths, std::nullopt, options);
}

std::unique_ptr<Compilation> compile_text(const std::string& name, std::string text, const Options& options) {
  return run({name}, std::move(text), options);
}

void keep_parsed(Compilation& c, ParseCache& cache) {
  for (auto& f : c.files) {
    if (f.key.empty() ||
        std::find(c.parsed_clean.begin(), c.parsed_clean.end(), f.file) == c.parsed_clean.end())
      continue;
    const source::FileId id = f.file;
    const std::string key = f.key;
    cache[key] = ParsedFile{c.sources.file(id).text(), id, std::move(f)};
  }
}

Line check_line(Compilation& c, const std::string& name, std::string text, const ir::Type* expected) {
  Line line;
  line.file = c.sources.add(name, std::move(text));
  auto file = syntax::parse(c.sources, line.file, line.sink);
  if (!file || !c.checker || !c.ok() || file->decls.size() != 1) return line;
  const auto* let = std::get_if<ast::LetDecl>(&file->decls.front());
  if (!let || let->name.text != "__repl" || let->is_function || !let->value) return line;
  // The checker reports to the compilation's sink: the line's own takes its place meanwhile.
  std::swap(c.sink, line.sink);
  ir::ExprPtr value;
  try {
    value = c.checker->line(*c.program, *let->value, expected);
  } catch (...) {
    std::swap(c.sink, line.sink);
    throw;
  }
  std::swap(c.sink, line.sink);
  line.sink.sort();
  if (!line.sink.has_errors()) line.value = std::move(value);
  return line;
}

}  // namespace bareme::driver
