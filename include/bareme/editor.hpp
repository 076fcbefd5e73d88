// Editor services: diagnostics, definitions, references, hover, completion and renames over a
// workspace of open files.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bareme::editor {

// Positions are 0-based lines and 0-based columns counted in UTF-16 code units, as in the
// Language Server Protocol (the compiler counts code points; the conversion is done here).
struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  friend auto operator<=>(const Position&, const Position&) = default;
};
struct Range {
  Position start, end;
  bool contains(Position p) const { return start <= p && p <= end; }
  friend bool operator==(const Range&, const Range&) = default;
};
// Paths are the canonical absolute paths of files (what `file://` URIs name).
struct Location {
  std::string path;
  Range range;
};

struct RelatedLocation {
  Location location;
  std::string message;
};
struct Diagnostic {
  std::string id;  // the registry's name, as `bareme check` prints it (`UnknownName`)
  bool error = true;
  Range range;
  std::string message;
  std::vector<RelatedLocation> related;  // the diagnostic's notes that point somewhere
  std::vector<std::string> hints;        // its hints and location-less notes
  // A fix-it: the text that replaces `range` (from a hint "did you mean `x`?").
  std::optional<std::string> replacement;
};

enum class SymbolKind {
  Scheme,
  Module,
  Input,
  Param,
  Let,
  Function,
  Table,
  Enum,
  EnumCase,
  Record,
  Field,
  Unit,
  Combine,
  Aid,
  Level,
  Property,  // a `property` claim: listed, never read, so never completed nor resolved
};
const char* kind_name(SymbolKind kind);

struct PeriodValue {
  std::string from, until;  // ISO dates, empty when unbounded
  std::string value;        // as the language writes it, or the expression's text
  std::string citation;
};
struct Symbol {
  std::string name;
  std::string container;  // the enclosing enum, record or combine; empty at the top level
  std::string ns;         // the name of the declaring file's namespace
  SymbolKind kind = SymbolKind::Let;
  Location location;  // the name
  Range extent;       // the whole declaration
  std::string type;   // with its unit (`Money/month`, `Quantity<kW>`); empty when unknown
  std::string doc;    // an input's description
  std::string citation;
  std::vector<std::string> parameters;       // a function's or table's parameter types, as written
  std::vector<PeriodValue> periods;          // a parameter's
  std::optional<std::string> value_at_date;  // a parameter's value at Options::as_of
};

struct Completion {
  std::string label;
  SymbolKind kind = SymbolKind::Let;
  std::string detail;
};
struct TextEdit {
  Range range;
  std::string new_text;
};
struct CodeAction {
  std::string title;
  std::string diagnostic_id;
  Range diagnostic_range;
  std::map<std::string, std::vector<TextEdit>> edits;  // by path
};

struct Options {
  std::vector<std::string> library_paths;  // searched for imports, as `-L`
  std::string as_of;                       // YYYY-MM-DD: the date of parameter values; empty: today
};

// The open documents and the programs they root. Each open document is the root of a program
// (itself and its import closure). What is cached (docs/compiler/api.md, "Editor services"):
//   - per program: its compilation and, per file of its closure, the file's index (symbols,
//     references, diagnostics), rebuilt only when a file of the closure changes;
//   - open documents' texts, read instead of the disk by every program.
// An edit of one file re-checks only the programs whose closure holds that file.
// Not thread-safe: one caller at a time. No member throws.
class Workspace {
 public:
  explicit Workspace(Options options = {});
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // Opens or replaces a document's text; `refresh` re-checks what depends on it. Several edits
  // may come before one refresh (a server coalesces keystrokes).
  void set_document(const std::string& path, std::string text);
  // Replaces `range` of an open document with `text` (an editor's incremental change; a position
  // past the end of its line or of the text stands for that end). False when `path` is not open.
  bool edit_document(const std::string& path, Range range, const std::string& text);
  // Forgets a document and the program it roots.
  void close_document(const std::string& path);
  // Re-checks the programs whose closure holds an edited file, and the new roots. Returns the
  // paths whose diagnostics may have changed.
  std::vector<std::string> refresh();
  bool dirty() const;
  // True when `path` is in some program's closure.
  bool knows(const std::string& path) const;

  std::vector<Diagnostic> diagnostics(const std::string& path) const;
  std::optional<Symbol> definition(const std::string& path, Position at) const;
  std::vector<Location> references(const std::string& path, Position at,
                                   bool include_declaration) const;
  // Markdown: kind, name, type and unit, doc string, citation, periods and the value at the date.
  std::optional<std::string> hover(const std::string& path, Position at) const;
  std::vector<Completion> complete(const std::string& path, Position at) const;
  std::vector<Symbol> document_symbols(const std::string& path) const;
  std::vector<Symbol> workspace_symbols(const std::string& query) const;
  // The range of the name a rename at `at` would change, when there is one.
  std::optional<Range> prepare_rename(const std::string& path, Position at) const;
  // Edits by path; empty with `error` set when the rename is refused.
  std::map<std::string, std::vector<TextEdit>> rename(const std::string& path, Position at,
                                                      const std::string& new_name,
                                                      std::string& error) const;
  std::vector<CodeAction> code_actions(const std::string& path, Range range) const;
  // The edits that lay the document out as `bareme fmt` does (none when it already is); nothing,
  // with `error` set, when it does not parse or is not known.
  std::optional<std::vector<TextEdit>> format(const std::string& path, std::string& error) const;
  // Text of a document as the workspace holds it (open text, else the last text read).
  std::optional<std::string> text(const std::string& path) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// Canonical absolute form of a path (what the workspace keys files by).
std::string canonical_path(const std::string& path);

}  // namespace bareme::editor
