// frame_request: finds the end of one buffered HTTP/1.1 request without copying it.
#include "request_frame.hpp"

#include <cctype>

namespace bareme::serve {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string_view trimmed(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// The path of the request line "METHOD TARGET VERSION", without its query.
std::string_view path_of(std::string_view request_line) {
  const size_t first = request_line.find(' ');
  if (first == std::string_view::npos) return {};
  std::string_view target = request_line.substr(first + 1);
  target = target.substr(0, target.find(' '));
  return target.substr(0, target.find('?'));
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

// Whether `text` holds a "\n" not preceded by "\r", or a "\r" not followed by "\n" (a "\r" at
// its very end may still get its "\n").
bool bare_line_break(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) return true;
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] != '\n') return true;
  }
  return false;
}

FrameResult frame_request(std::string_view buffered, size_t max_head) {
  const size_t head_end = buffered.find("\r\n\r\n");
  const std::string_view looked_at =
      buffered.substr(0, head_end == std::string_view::npos ? max_head : head_end + 4);
  if (bare_line_break(looked_at)) return {Frame::bad, 0};
  if (head_end == std::string_view::npos)
    return {buffered.size() > max_head ? Frame::hand_off : Frame::incomplete, 0};
  if (head_end > max_head) return {Frame::hand_off, 0};
  const std::string_view head = buffered.substr(0, head_end);
  size_t line_end = head.find("\r\n");
  const std::string_view request_line = head.substr(0, line_end);
  const std::string_view path = path_of(request_line);
  if (path.empty() || ends_with(path, "/score") || path.find('%') != std::string_view::npos)
    return {Frame::hand_off, 0};
  bool has_length = false;
  size_t length = 0;
  while (line_end != std::string_view::npos) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string_view line = head.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return {Frame::hand_off, 0};  // httplib says why
    const std::string_view name = line.substr(0, colon);
    if (same_name(name, "Transfer-Encoding") || same_name(name, "Expect"))
      return {Frame::hand_off, 0};
    if (!same_name(name, "Content-Length")) continue;
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (has_length) return {Frame::bad, 0};
    if (value.empty() || value.size() > 18) return {Frame::hand_off, 0};
    for (char c : value) {
      if (c < '0' || c > '9') return {Frame::hand_off, 0};
      length = length * 10 + static_cast<size_t>(c - '0');
    }
    has_length = true;
  }
  const size_t total = head_end + 4 + length;
  if (buffered.size() < total) return {Frame::incomplete, 0};
  return {Frame::whole, total};
}

}  // namespace bareme::serve
