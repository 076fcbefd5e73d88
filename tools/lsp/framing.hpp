// JSON-RPC framing over a byte stream: `Content-Length` headers, a blank line, then the body.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace bareme::lsp {

// Reads messages from a file descriptor through its own buffer, so that it can tell whether
// more input is already waiting (the server re-checks only when it is idle).
class Reader {
 public:
  explicit Reader(int fd, size_t max_body = size_t{64} << 20) : fd_(fd), max_body_(max_body) {}

  struct Message {
    std::string body;
    std::string error;  // when set: a framing error to report (the body is empty)
  };
  // The next message, or nothing at the end of the input.
  std::optional<Message> next();
  // True when a byte can be read without waiting.
  bool pending();

 private:
  int fd_;
  size_t max_body_;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;

  bool fill();  // reads more bytes; false at the end of the input
  std::optional<std::string> line();
};

// Writes one message with its header.
void write_message(int fd, const std::string& body);

}  // namespace bareme::lsp
