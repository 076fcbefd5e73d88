// The LSP server's document notifications and language features, each a call into the editor
// services.
#include "server.hpp"

namespace bareme::lsp {

void Server::notify(const std::string& method, const json& params) {
  if (method == "textDocument/didOpen") {
    const json& doc = params.at("textDocument");
    const std::string uri = doc.at("uri").get<std::string>();
    const std::string path = path_of_uri(uri);
    uris_[path] = uri;
    workspace_->set_document(path, doc.at("text").get<std::string>());
  } else if (method == "textDocument/didChange") {
    const std::string path = path_of_uri(params.at("textDocument").at("uri").get<std::string>());
    const json& changes = params.at("contentChanges");
    // Incremental synchronisation: each change replaces a range, in order; a change without a
    // range holds the whole text.
    if (changes.is_array()) {
      for (const json& change : changes) {
        const std::string text = change.at("text").get<std::string>();
        if (!change.contains("range"))
          workspace_->set_document(path, text);
        else  // a document not open has no text to edit: nothing to do
          workspace_->edit_document(path, range_of(change.at("range")), text);
      }
    }
  } else if (method == "textDocument/didClose") {
    const std::string uri = params.at("textDocument").at("uri").get<std::string>();
    const std::string path = path_of_uri(uri);
    workspace_->close_document(path);
    // Its diagnostics go with it (a program that imports it will publish them again).
    send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", uri}, {"diagnostics", json::array()}}}});
  }
  // didSave: the text is already known from didChange; `initialized`, `$/…` and the rest: nothing
  // to do.
}

json Server::dispatch(const std::string& method, const json& params) {
  if (!params.is_object()) throw RpcError{codes::InvalidParams, "params must be an object"};
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/definition") return definition(params);
  if (method == "textDocument/references") return references(params);
  if (method == "textDocument/completion") return completion(params);
  if (method == "textDocument/documentSymbol") return document_symbols(params);
  if (method == "workspace/symbol") return workspace_symbols(params);
  if (method == "textDocument/prepareRename") return prepare_rename(params);
  if (method == "textDocument/rename") return rename(params);
  if (method == "textDocument/codeAction") return code_actions(params);
  if (method == "textDocument/formatting") return formatting(params);
  throw RpcError{codes::MethodNotFound, "unknown method `" + method + "`"};
}

std::string Server::document(const json& params) {
  if (workspace_->dirty()) refresh();
  return path_of_uri(params.at("textDocument").at("uri").get<std::string>());
}

json Server::hover(const json& params) {
  const std::string path = document(params);
  auto text = workspace_->hover(path, position_of(params.at("position")));
  if (!text) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", *text}}}};
}

json Server::definition(const json& params) {
  const std::string path = document(params);
  auto symbol = workspace_->definition(path, position_of(params.at("position")));
  if (!symbol) return nullptr;
  return location(symbol->location);
}

json Server::references(const json& params) {
  const std::string path = document(params);
  bool declaration = false;
  if (params.contains("context") && params["context"].is_object())
    declaration = params["context"].value("includeDeclaration", false);
  json out = json::array();
  for (const auto& l :
       workspace_->references(path, position_of(params.at("position")), declaration))
    out.push_back(location(l));
  return out;
}

json Server::completion(const json& params) {
  const std::string path = document(params);
  json items = json::array();
  for (const auto& c : workspace_->complete(path, position_of(params.at("position"))))
    items.push_back({{"label", c.label}, {"kind", completion_kind(c.kind)}, {"detail", c.detail}});
  return {{"isIncomplete", false}, {"items", items}};
}

json Server::document_symbols(const json& params) {
  const std::string path = document(params);
  const auto symbols = workspace_->document_symbols(path);
  auto one = [](const editor::Symbol& s) {
    return json{{"name", s.name},
                {"kind", symbol_kind(s.kind)},
                {"detail", s.type},
                {"range", to_json(s.extent)},
                {"selectionRange", to_json(s.location.range)},
                {"children", json::array()}};
  };
  json out = json::array();
  std::map<std::string, size_t> containers;  // top-level name → its place in `out`
  for (const auto& s : symbols) {
    if (!s.container.empty()) continue;
    containers[s.name] = out.size();
    out.push_back(one(s));
  }
  for (const auto& s : symbols) {
    if (s.container.empty()) continue;
    auto it = containers.find(s.container);
    if (it != containers.end()) out[it->second]["children"].push_back(one(s));
  }
  return out;
}

json Server::workspace_symbols(const json& params) {
  const std::string query = params.value("query", "");
  if (workspace_->dirty()) refresh();
  json out = json::array();
  // At most kMaxWorkspaceSymbols: a catalogue holds tens of thousands, and clients ask with "".
  constexpr size_t kMaxWorkspaceSymbols = 2000;
  for (const auto& s : workspace_->workspace_symbols(query)) {
    if (out.size() == kMaxWorkspaceSymbols) break;
    json item = {
        {"name", s.name}, {"kind", symbol_kind(s.kind)}, {"location", location(s.location)}};
    item["containerName"] = s.container.empty() ? s.ns : s.ns + "." + s.container;
    out.push_back(item);
  }
  return out;
}

json Server::prepare_rename(const json& params) {
  const std::string path = document(params);
  auto range = workspace_->prepare_rename(path, position_of(params.at("position")));
  if (!range) return nullptr;
  return to_json(*range);
}

json Server::workspace_edit(
    const std::map<std::string, std::vector<editor::TextEdit>>& edits) const {
  json changes = json::object();
  for (const auto& [path, list] : edits) {
    json out = json::array();
    for (const auto& e : list)
      out.push_back({{"range", to_json(e.range)}, {"newText", e.new_text}});
    changes[uri(path)] = out;
  }
  return {{"changes", changes}};
}

json Server::rename(const json& params) {
  const std::string path = document(params);
  std::string error;
  auto edits = workspace_->rename(path, position_of(params.at("position")),
                                  params.at("newName").get<std::string>(), error);
  if (!error.empty()) throw RpcError{codes::RequestFailed, error};
  return workspace_edit(edits);
}

json Server::code_actions(const json& params) {
  const std::string path = document(params);
  json out = json::array();
  for (const auto& a : workspace_->code_actions(path, range_of(params.at("range")))) {
    json diagnostic = {
        {"range", to_json(a.diagnostic_range)}, {"code", a.diagnostic_id}, {"source", "bareme"}};
    for (const auto& d : workspace_->diagnostics(path)) {
      if (d.id == a.diagnostic_id && d.range == a.diagnostic_range) diagnostic = to_json(d, path);
    }
    out.push_back({{"title", a.title},
                   {"kind", "quickfix"},
                   {"isPreferred", true},
                   {"diagnostics", json::array({diagnostic})},
                   {"edit", workspace_edit(a.edits)}});
  }
  return out;
}

// The whole document laid out as `bareme fmt` does (the client's tab and space options do not
// apply: the layout is canonical). A document that does not parse is an error, not an empty edit.
json Server::formatting(const json& params) {
  const std::string path = document(params);
  std::string error;
  auto edits = workspace_->format(path, error);
  if (!edits) throw RpcError{codes::RequestFailed, error};
  json out = json::array();
  for (const auto& e : *edits)
    out.push_back({{"range", to_json(e.range)}, {"newText", e.new_text}});
  return out;
}

}  // namespace bareme::lsp
