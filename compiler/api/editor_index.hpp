// What the editor services know of one file of a checked program: its symbols, references and
// diagnostics.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bareme/editor.hpp"
#include "driver/compile.hpp"

namespace bareme::editor {

// A use of a name: its range and the key of the symbol it names (symbol_key).
struct Reference {
  Range range;
  std::string target;
};

struct FileIndex {
  std::string path;
  std::string text;
  std::string ns;       // the file's namespace name
  bool parsed = false;  // false: it did not parse; its symbols are those of its last good text
  std::vector<Symbol> symbols;
  std::vector<Reference> references;
  std::vector<Diagnostic> diagnostics;
  std::map<std::string, std::string> namespaces;  // namespace name → path
  std::map<std::string, std::string> imported;    // bare imported name → symbol key
};

// One open document's program: the root and its import closure, indexed file by file.
struct ProgramIndex {
  std::string root;
  std::map<std::string, FileIndex> files;  // by path; every file of the closure
  std::map<std::string, Symbol> symbols;   // by symbol key, every file's
  driver::ParseCache parsed;               // the trees of its files, for its next check
};

// "path#line:character" of the symbol's name: identifies a declaration across programs.
std::string symbol_key(const Symbol& symbol);

// Compiles `root` (reading `overlays` before the disk) and indexes every file it loaded.
// `parsed`: the trees of the program's previous check, reused for the files whose text is the
// same; the new program keeps its own (ProgramIndex::parsed).
ProgramIndex index_program(const std::string& root,
                           const std::map<std::string, std::string>& overlays,
                           const Options& options, driver::ParseCache parsed = {});

// UTF-16 helpers over a file's text.
std::string_view line_of(const std::string& text, uint32_t line);
// The byte offset in `line` of the UTF-16 column `character` (clamped to the line's end).
size_t byte_in_line(std::string_view line, uint32_t character);
uint32_t utf16_length(std::string_view text);

bool is_identifier(const std::string& name);

}  // namespace bareme::editor
