// The server's state and its request handlers: lifecycle in server.cpp, documents and features in
// features.cpp.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bareme/editor.hpp"
#include "convert.hpp"
#include "lsp.hpp"

namespace bareme::lsp {

// A request's failure, answered as a JSON-RPC error.
struct RpcError {
  int code;
  std::string message;
};
namespace codes {
inline constexpr int ParseError = -32700, InvalidRequest = -32600, MethodNotFound = -32601,
                     InvalidParams = -32602, InternalError = -32603, ServerNotInitialized = -32002,
                     RequestFailed = -32803;
}

class Server {
 public:
  Server(int out_fd, LspOptions options) : out_(out_fd), options_(std::move(options)) {}

  // Handles one message body; false once `exit` was received.
  bool handle(const std::string& body);
  void framing_error(const std::string& message);
  // Re-checks what edits reached and publishes the diagnostics that may have changed.
  void refresh();
  bool dirty() const { return workspace_ && workspace_->dirty(); }
  int exit_code() const { return shutdown_ ? 0 : 1; }

 private:
  int out_;
  LspOptions options_;
  std::unique_ptr<editor::Workspace> workspace_;
  std::map<std::string, std::string> uris_;  // path → the URI the client named it by
  bool shutdown_ = false;

  void send(const json& message);
  void respond(const json& id, json result);
  void respond_error(const json& id, int code, const std::string& message);
  std::string uri(const std::string& path) const;
  json location(const editor::Location& l) const;

  // Requests return their result or throw RpcError; notifications return nothing.
  json initialize(const json& params);
  json dispatch(const std::string& method, const json& params);
  void notify(const std::string& method, const json& params);

  std::string document(const json& params);  // textDocument.uri as a path (after a refresh)
  json hover(const json& params);
  json definition(const json& params);
  json references(const json& params);
  json completion(const json& params);
  json document_symbols(const json& params);
  json workspace_symbols(const json& params);
  json prepare_rename(const json& params);
  json rename(const json& params);
  json code_actions(const json& params);
  json formatting(const json& params);
  json workspace_edit(const std::map<std::string, std::vector<editor::TextEdit>>& edits) const;
};

}  // namespace bareme::lsp
