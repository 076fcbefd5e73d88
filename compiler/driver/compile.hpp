// The driver: loads a file and its imports, runs the phases in order, keeps what they produced.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "ir/ir.hpp"
#include "source/source_file.hpp"

namespace bareme::sema {
class KeptChecker;
}

namespace bareme::driver {

// Syntax trees kept between compilations of one program (an editor re-checks after each edit): by
// canonical path, the text the tree was parsed from and the FileId it was parsed under. A file
// loaded again with the same text under the same FileId (the usual case when the imports did not
// change) takes its tree from here instead of being parsed again.
struct ParsedFile {
  std::string text;
  source::FileId file = source::kNoFile;
  ast::File tree;
};
using ParseCache = std::map<std::string, ParsedFile>;

struct Options {
  // Folders searched for imports after the importing file's folder and its ancestors.
  std::vector<std::string> library_paths;
  // The REPL's current scheme: in the REPL's module, bare `amount` and `eligible` read its
  // results (empty, or a name the program lacks: its last scheme's).
  std::string repl_scheme;
  // Keep the checker (Compilation::checker), so that REPL lines are checked with check_line.
  bool keep_checker = false;
  // Files already read, by path as the sources name them or by canonical path: compiled from
  // these texts rather than read again (the REPL compiles a new `let` against the files as they
  // were loaded; an editor, its open documents).
  const std::map<std::string, std::string>* texts = nullptr;
  // Trees to reuse (moved out of the cache when used); keep_parsed fills it again.
  ParseCache* parse_cache = nullptr;
};

// Everything one compilation produced. `program` is present when every file parsed and every
// import resolved; it is valid for the back ends only when `sink` holds no error.
struct Compilation {
  source::SourceManager sources;
  diag::Sink sink;
  std::vector<ast::File> files;  // imports before the files that import them (but for cycles); the roots last
  std::optional<ir::Program> program;
  std::shared_ptr<sema::KeptChecker> checker;  // with Options::keep_checker
  std::vector<source::FileId> parsed_clean;    // the files whose parse (or reuse) reported nothing

  bool ok() const { return program.has_value() && !sink.has_errors(); }
};

std::unique_ptr<Compilation> compile_file(const std::string& path, const Options& options = {});
// Compiles several root files as one project: one compilation, each file loaded once.
std::unique_ptr<Compilation> compile_files(const std::vector<std::string>& paths, const Options& options = {});
// Compiles text held in memory as if it were the file `name` (for tests and the REPL).
std::unique_ptr<Compilation> compile_text(const std::string& name, std::string text, const Options& options = {});

// Moves the trees of the files that parsed without a diagnostic into `cache`, for the next
// compilation of the same program (Options::parse_cache). `c.files` is left moved-from.
void keep_parsed(Compilation& c, ParseCache& cache);

// One REPL line checked against a compilation made with Options::keep_checker, without checking
// its files again: `text` is a file of the REPL's module whose only declaration is
// `let __repl = EXPR`. `value` is null when the line has errors (in `sink`, their spans in the
// file `file` added to the compilation's sources) or declares anything else.
struct Line {
  ir::ExprPtr value;
  diag::Sink sink;
  source::FileId file = source::kNoFile;
};
Line check_line(Compilation& c, const std::string& name, std::string text, const ir::Type* expected = nullptr);

}  // namespace bareme::driver
