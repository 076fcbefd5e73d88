// The indexing of one compilation, shared by the files that collect symbols, details and
// references.
#pragma once

#include <map>
#include <string>

#include "ast/ast.hpp"
#include "driver/compile.hpp"
#include "editor_index.hpp"

namespace bareme::editor {

struct Indexing {
  const driver::Compilation& compilation;
  const Options& options;
  ProgramIndex& program;
  std::map<source::FileId, std::string> paths;  // every source file's canonical path
  // Per path: top-level name → symbol key; members by container, then name → symbol key.
  std::map<std::string, std::map<std::string, std::string>> declared;
  std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> members;
  std::map<std::string, std::string> cases;  // enum case name → key ("" when several enums have it)

  Range range(source::Span span) const;
  Location location(source::Span span) const;
  std::string path_of(source::FileId file) const;
  // Adds a symbol and returns its key.
  std::string add(FileIndex& file, Symbol symbol);
};

void collect_symbols(Indexing& ix, const ast::File& file);
void add_ir_details(Indexing& ix);
void collect_references(Indexing& ix, const ast::File& file);
void collect_diagnostics(Indexing& ix);
// Record fields read through values, from the checked IR (when the program got that far).
void collect_field_references(Indexing& ix);

}  // namespace bareme::editor
