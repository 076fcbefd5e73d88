// JSON-RPC framing: reads headers and bodies defensively (garbage, missing or huge lengths, early
// end).
#include "framing.hpp"

#include <poll.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>

namespace bareme::lsp {
namespace {
constexpr size_t kMaxHeaderLine = 4096;
}

bool Reader::fill() {
  if (eof_) return false;
  if (pos_ > 0 && pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  char chunk[65536];
  for (;;) {
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    eof_ = true;
    return false;
  }
}

bool Reader::pending() {
  if (pos_ < buffer_.size()) return true;
  if (eof_) return true;  // the end is news too
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

// One header line without its terminator; a line too long is cut (and is garbage).
std::optional<std::string> Reader::line() {
  std::string out;
  for (;;) {
    if (pos_ == buffer_.size() && !fill()) {
      if (out.empty()) return std::nullopt;
      return out;
    }
    const char ch = buffer_[pos_++];
    if (ch == '\n') {
      if (!out.empty() && out.back() == '\r') out.pop_back();
      return out;
    }
    if (out.size() < kMaxHeaderLine) out.push_back(ch);
  }
}

std::optional<Reader::Message> Reader::next() {
  std::optional<size_t> length;
  bool bad_length = false;
  bool any_header = false;
  for (;;) {
    auto l = line();
    if (!l) return std::nullopt;
    if (l->empty()) {
      if (any_header) break;
      continue;  // blank lines between messages
    }
    any_header = true;
    const auto colon = l->find(':');
    if (colon == std::string::npos) continue;  // garbage: skipped
    std::string name = l->substr(0, colon);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name != "content-length") continue;
    std::string value = l->substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    value = first == std::string::npos ? "" : value.substr(first);
    size_t n = 0;
    bool digits = !value.empty();
    for (char ch : value) {
      if (ch == ' ' || ch == '\t') break;
      if (!std::isdigit(static_cast<unsigned char>(ch)) || n > (size_t{1} << 40)) {
        digits = false;
        break;
      }
      n = n * 10 + static_cast<size_t>(ch - '0');
    }
    if (digits)
      length = n;
    else
      bad_length = true;
  }
  if (!length) {
    return Message{{},
                   bad_length ? "the Content-Length header is not a number"
                              : "a message without a Content-Length header"};
  }
  if (*length > max_body_) {
    // Skip the body as it arrives, without holding it.
    size_t left = *length;
    while (left > 0) {
      if (pos_ == buffer_.size() && !fill()) return std::nullopt;
      const size_t take = std::min(left, buffer_.size() - pos_);
      pos_ += take;
      left -= take;
    }
    return Message{{}, "a message larger than " + std::to_string(max_body_) + " bytes"};
  }
  while (buffer_.size() - pos_ < *length) {
    if (!fill()) return std::nullopt;  // truncated body at the end of the input
  }
  Message m{buffer_.substr(pos_, *length), {}};
  pos_ += *length;
  return m;
}

void write_message(int fd, const std::string& body) {
  const std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::write(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the client is gone
    done += static_cast<size_t>(n);
  }
}

}  // namespace bareme::lsp
