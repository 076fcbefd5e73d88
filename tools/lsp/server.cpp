// The LSP server's loop and lifecycle: framing, dispatch, initialize/shutdown/exit and JSON-RPC
// errors.
#include "server.hpp"

#include <csignal>

#include "framing.hpp"

namespace bareme::lsp {

void Server::send(const json& message) {
  write_message(out_, message.dump(-1, ' ', false, json::error_handler_t::replace));
}
void Server::respond(const json& id, json result) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}
void Server::respond_error(const json& id, int code, const std::string& message) {
  send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}
void Server::framing_error(const std::string& message) {
  respond_error(nullptr, codes::ParseError, message);
}

std::string Server::uri(const std::string& path) const {
  auto it = uris_.find(path);
  return it == uris_.end() ? uri_of_path(path) : it->second;
}
json Server::location(const editor::Location& l) const {
  return {{"uri", uri(l.path)}, {"range", to_json(l.range)}};
}

json Server::initialize(const json& params) {
  editor::Options options;
  options.library_paths = options_.library_paths;
  if (params.is_object() && params.contains("initializationOptions") &&
      params["initializationOptions"].is_object()) {
    const json& init = params["initializationOptions"];
    if (init.contains("asOf") && init["asOf"].is_string())
      options.as_of = init["asOf"].get<std::string>();
    if (init.contains("libraryPaths") && init["libraryPaths"].is_array()) {
      for (const auto& p : init["libraryPaths"]) {
        if (p.is_string()) options.library_paths.push_back(p.get<std::string>());
      }
    }
  }
  workspace_ = std::make_unique<editor::Workspace>(options);
  json capabilities = {
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"completionProvider", {{"triggerCharacters", {"."}}, {"resolveProvider", false}}},
      {"documentSymbolProvider", true},
      {"workspaceSymbolProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
      {"documentFormattingProvider", true},
  };
  return {{"capabilities", capabilities},
          {"serverInfo", {{"name", "bareme"}, {"version", "0.1.0"}}}};
}

bool Server::handle(const std::string& body) {
  json message;
  try {
    message = json::parse(body);
  } catch (const std::exception& e) {
    respond_error(nullptr, codes::ParseError, std::string("invalid JSON: ") + e.what());
    return true;
  }
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    // Responses to requests we never send, and other shapes: an invalid request when it has an id.
    if (message.is_object() && message.contains("id") && !message.contains("result") &&
        !message.contains("error"))
      respond_error(message["id"], codes::InvalidRequest, "a request needs a method name");
    else if (!message.is_object())
      respond_error(nullptr, codes::InvalidRequest, "a message is a JSON object");
    return true;
  }
  const std::string method = message["method"].get<std::string>();
  const json params = message.contains("params") ? message["params"] : json::object();
  const bool is_request = message.contains("id");
  json id = is_request ? message["id"] : json();
  if (is_request && !(id.is_number_integer() || id.is_string())) {
    respond_error(nullptr, codes::InvalidRequest, "a request id is a number or a string");
    return true;
  }
  if (method == "exit") return false;
  if (!is_request) {
    try {
      if (workspace_) notify(method, params);
    } catch (...) {
      // A notification with bad parameters is ignored: there is nobody to answer.
    }
    return true;
  }
  try {
    if (method == "initialize") {
      respond(id, initialize(params));
    } else if (!workspace_) {
      respond_error(id, codes::ServerNotInitialized, "the server is not initialized yet");
    } else if (method == "shutdown") {
      shutdown_ = true;
      respond(id, nullptr);
    } else if (shutdown_) {
      respond_error(id, codes::InvalidRequest, "the server is shutting down");
    } else {
      respond(id, dispatch(method, params));
    }
  } catch (const RpcError& e) {
    respond_error(id, e.code, e.message);
  } catch (const json::exception& e) {
    respond_error(id, codes::InvalidParams, std::string("bad parameters: ") + e.what());
  } catch (const BadParams& e) {
    respond_error(id, codes::InvalidParams, std::string("bad parameters: ") + e.what());
  } catch (const std::exception& e) {
    respond_error(id, codes::InternalError, e.what());
  } catch (...) {
    respond_error(id, codes::InternalError, "internal error");
  }
  return true;
}

void Server::refresh() {
  if (!workspace_) return;
  for (const auto& path : workspace_->refresh()) {
    json diagnostics = json::array();
    for (const auto& d : workspace_->diagnostics(path)) diagnostics.push_back(to_json(d, path));
    // Related locations carry the paths' URIs as the client named them.
    for (auto& d : diagnostics) {
      for (auto& r : d["relatedInformation"])
        r["location"]["uri"] = uri(path_of_uri(r["location"]["uri"].get<std::string>()));
    }
    send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", uri(path)}, {"diagnostics", diagnostics}}}});
  }
}

int run(int in_fd, int out_fd, const LspOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-write ends the loop, not the process
  Server server(out_fd, options);
  Reader reader(in_fd);
  for (;;) {
    // Idle: check what the edits reached before waiting (keystrokes in a row are checked once).
    if (server.dirty() && !reader.pending()) {
      try {
        server.refresh();
      } catch (...) {
      }
    }
    auto message = reader.next();
    if (!message) break;
    if (!message->error.empty()) {
      server.framing_error(message->error);
      continue;
    }
    if (!server.handle(message->body)) return server.exit_code();
  }
  return 1;  // the input ended without `exit`
}

}  // namespace bareme::lsp
