// Between LSP JSON and the editor services' values: URIs and paths, ranges, diagnostics, symbols.
#pragma once

#include <nlohmann/json.hpp>
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
editor::Position position_of(const json& p);  // throws json errors on a bad shape
editor::Range range_of(const json& r);

int symbol_kind(editor::SymbolKind kind);      // LSP SymbolKind
int completion_kind(editor::SymbolKind kind);  // LSP CompletionItemKind

}  // namespace bareme::lsp
