// Clipping of long user texts quoted in messages.
#include "diag/clip.hpp"

namespace bareme::diag {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte offset past the first `n` characters of `text` (or its size).
size_t after_characters(std::string_view text, size_t n) {
  size_t i = 0;
  for (size_t count = 0; i < text.size() && count < n; ++count) {
    ++i;
    while (i < text.size() && continuation(text[i])) ++i;
  }
  return i;
}

}  // namespace

std::string clip(std::string_view text, size_t max_chars) {
  if (max_chars == 0) max_chars = 1;
  // Checking only the bytes that matter keeps this cheap on a megabyte of text.
  if (text.size() <= max_chars || after_characters(text, max_chars) == text.size()) return std::string(text);
  std::string out(text.substr(0, after_characters(text, max_chars - 1)));
  return out + "…";
}

std::string clip_quoted(std::string message, size_t max_chars) {
  if (message.size() <= max_chars) return message;
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    const char quote = message[i];
    const size_t close = quote == '`' || quote == '"' ? message.find(quote, i + 1) : std::string::npos;
    if (close == std::string::npos) {
      out += message[i++];
      continue;
    }
    out += quote;
    out += clip(std::string_view(message).substr(i + 1, close - i - 1), max_chars);
    out += quote;
    i = close + 1;
  }
  return out;
}

}  // namespace bareme::diag
