// Between LSP JSON and the editor services' values: URIs and paths, ranges, diagnostics, symbols.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "bareme/editor.hpp"

namespace bareme::lsp {

using nlohmann::json;

// `file:///a/b%20c` → `/a/b c` (canonical). Other schemes: the URI itself.
std::string path_of_uri(const std::string& uri);
std::string uri_of_path(const std::string& path);

json to_json(const editor::Position& p);
json to_json(const editor::Range& r);
json to_json(const editor::Location& l);
json to_json(const editor::Diagnostic& d, const std::string& path);
// Parameters of the wrong shape: answered with InvalidParams.
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Throws BadParams (or a json error) on a bad shape; numbers must be integers in 0..2^32-1.
editor::Position position_of(const json& p);
editor::Range range_of(const json& r);

int symbol_kind(editor::SymbolKind kind);      // LSP SymbolKind
int completion_kind(editor::SymbolKind kind);  // LSP CompletionItemKind

}  // namespace bareme::lsp
