// The pipeline: read → parse (syntax) → follow imports → check (sema) → typed IR.
#include "driver/compile.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "driver/imports.hpp"
#include "sema/check.hpp"
#include "syntax/parse.hpp"

namespace bareme::driver {
namespace {

namespace fs = std::filesystem;

// Loads files depth first, so that each file is appended after everything it imports.
class Loader {
 public:
  Loader(Compilation& c, const Options& options) : c_(c), options_(options) {}

  void load_root(const std::string& path, std::optional<std::string> text) {
    load(path, std::move(text), {});
  }
  bool failed() const { return failed_; }

 private:
  static std::string key(const std::string& path) {
    std::error_code ec;
    auto canonical = fs::weakly_canonical(fs::path(path), ec);
    return ec ? path : canonical.string();
  }

  void load(const std::string& path, std::optional<std::string> text, source::Span import_span) {
    const std::string k = key(path);
    if (auto it = state_.find(k); it != state_.end()) {
      if (it->second == State::Loading) {
        std::string chain;
        bool on = false;
        for (const auto& p : stack_) {
          if (p == k) on = true;
          if (on) chain += fs::path(p).filename().string() + " → ";
        }
        chain += fs::path(k).filename().string();
        const bool self = !stack_.empty() && stack_.back() == k;
        c_.sink.report(diag::Id::ImportCycle, import_span,
                       self ? std::string("this file imports itself")
                            : fmt::format("these files import each other: {}", chain))
            .hint(self ? "remove the import" : "move what they share into a third file that both import");
        failed_ = true;
      }
      return;
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
    stack_.push_back(k);
    const source::FileId id = c_.sources.add(path, std::move(*text));
    auto file = syntax::parse(c_.sources, id, c_.sink);
    if (!file) {
      failed_ = true;
    } else {
      for (const auto& imp : file->imports) {
        std::vector<std::string> tried;
        auto target = resolve_import(path, imp.path, options_, tried);
        if (!target) {
          c_.sink.report(diag::Id::ImportNotFound, imp.span, fmt::format("cannot find the imported file `{}`", imp.path))
              .note("searched next to the importing file, in its parent folders and in the library paths")
              .hint("import paths are relative to the importing file or to a folder above it");
          failed_ = true;
          continue;
        }
        load(display_path(*target), std::nullopt, imp.span);
      }
      c_.files.push_back(std::move(*file));
    }
    stack_.pop_back();
    state_[k] = State::Done;
  }

  enum class State { Loading, Done };
  Compilation& c_;
  const Options& options_;
  std::map<std::string, State> state_;
  std::vector<std::string> stack_;
  bool failed_ = false;
};

std::unique_ptr<Compilation> run(const std::string& path, std::optional<std::string> text, const Options& options) {
  auto c = std::make_unique<Compilation>();
  Loader loader(*c, options);
  loader.load_root(path, std::move(text));
  if (!loader.failed()) {
    std::vector<const ast::File*> files;
    for (const auto& f : c->files) files.push_back(&f);
    c->program = sema::check(files, c->sources, c->sink);
  }
  c->sink.sort();
  return c;
}

}  // namespace

std::unique_ptr<Compilation> compile_file(const std::string& path, const Options& options) {
  return run(path, std::nullopt, options);
}

std::unique_ptr<Compilation> compile_text(const std::string& name, std::string text, const Options& options) {
  return run(name, std::move(text), options);
}

}  // namespace bareme::driver
