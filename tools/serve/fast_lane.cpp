// answer_fast: the request line, query and three headers of an evaluation, then the shared
// answer_evaluation, then the same answer bytes cpp-httplib would write.
#include "fast_lane.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

namespace bareme::serve {
namespace {

struct Parsed {
  std::string_view path, scheme, action, query, authorization, connection, body;
  bool close = false;
};

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    if (x != b[i]) return false;  // b is lower case
  }
  return true;
}

std::string_view trimmed(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// Request line and headers of an HTTP/1.1 POST to /schemes/NAME/ACTION with nothing to decode.
std::optional<Parsed> parse(std::string_view request) {
  const size_t head_end = request.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return std::nullopt;
  Parsed p;
  p.body = request.substr(head_end + 4);
  std::string_view head = request.substr(0, head_end + 2);
  const size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  head.remove_prefix(line_end + 2);
  if (line.substr(0, 5) != "POST ") return std::nullopt;
  line.remove_prefix(5);
  const size_t space = line.find(' ');
  if (space == std::string_view::npos || line.substr(space + 1) != "HTTP/1.1") return std::nullopt;
  const std::string_view target = line.substr(0, space);
  if (target.find_first_of("%+#") != std::string_view::npos) return std::nullopt;
  // cpp-httplib keeps what follows the last '=' of a query pair: such a query is left to it.
  const size_t question = target.find('?');
  p.path = target.substr(0, question);
  if (question != std::string_view::npos) p.query = target.substr(question + 1);
  for (size_t at = 0; at < p.query.size();) {
    const size_t end = std::min(p.query.find('&', at), p.query.size());
    const std::string_view pair = p.query.substr(at, end - at);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.find('=', eq + 1) != std::string_view::npos)
      return std::nullopt;
    at = end + 1;
  }
  if (p.path.substr(0, 9) != "/schemes/") return std::nullopt;
  const std::string_view rest = p.path.substr(9);
  const size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
  p.scheme = rest.substr(0, slash);
  p.action = rest.substr(slash + 1);
  if (p.action != "evaluate" && p.action != "explain" && p.action != "missing") return std::nullopt;
  while (!head.empty()) {
    const size_t end = head.find("\r\n");
    const std::string_view header = head.substr(0, end);
    head.remove_prefix(end + 2);
    const size_t colon = header.find(':');
    if (colon == std::string_view::npos || colon == 0 || header.front() == ' ' ||
        header.front() == '\t' || header[colon - 1] == ' ')
      return std::nullopt;
    const std::string_view name = header.substr(0, colon);
    const std::string_view value = trimmed(header.substr(colon + 1));
    const bool authorization = same_name(name, "authorization");
    const bool connection = same_name(name, "connection");
    if (!authorization && !connection) continue;
    // cpp-httplib decodes %XX in header values: such a value is left to it.
    if (value.find('%') != std::string_view::npos) return std::nullopt;
    std::string_view& slot = authorization ? p.authorization : p.connection;
    if (!slot.empty()) return std::nullopt;  // the first of two: left to cpp-httplib too
    slot = value;
  }
  p.close = p.connection == "close";  // exactly as cpp-httplib compares it
  return p;
}

// The first value of `key` in the query, as cpp-httplib's get_param_value gives it.
std::string param(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key)  // (a value holding '=' was left to cpp-httplib)
      return std::string(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 413:
      return "Payload Too Large";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Internal Server Error";
  }
}

}  // namespace

bool answer_fast(Service& s, std::string_view request, const std::string& peer_ip,
                 bool last_on_connection, const std::string& keep_alive, std::string& out,
                 bool& close) {
  const auto start = std::chrono::steady_clock::now();
  const std::optional<Parsed> p = parse(request);
  if (!p || p->body.size() > s.options.max_body_bytes) return false;  // 413 by the routes
  if (!s.options.token.empty() && !same_secret(p->authorization, "Bearer " + s.options.token))
    return false;  // 401 by the routes
  const Route route = p->action == "evaluate"  ? Route::evaluate
                      : p->action == "explain" ? Route::explain
                                               : Route::missing;
  const Evaluator evaluate = route == Route::evaluate  ? bareme_evaluate
                             : route == Route::explain ? bareme_explain
                                                       : bareme_missing;
  const Answer answer =
      answer_evaluation(s, evaluate, std::string(p->scheme), param(p->query, "as_of"),
                        param(p->query, "strict"), std::string(p->body));
  close = p->close || last_on_connection;
  // The headers cpp-httplib writes, in its order (by name).
  fmt::format_to(std::back_inserter(out),
                 "HTTP/1.1 {} {}\r\n{}Content-Length: {}\r\n"
                 "Content-Type: application/json\r\n{}{}\r\n",
                 answer.status, reason(answer.status), close ? "Connection: close\r\n" : "",
                 answer.body.size(), close ? std::string_view() : std::string_view(keep_alive),
                 answer.retry_after ? "Retry-After: 1\r\n" : "");
  out += answer.body;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  s.metrics.record(route, answer.status, seconds);
  log_request(s, peer_ip, "POST", p->path, answer.status, answer.body.size(), seconds);
  return true;
}

}  // namespace bareme::serve

namespace bareme::serve {

std::string answer_bad_framing(Service& s, const std::string& peer_ip) {
  const std::string body = error_json(
      "bad_request",
      "the request's head has a line break without its carriage return (or the reverse), or two "
      "Content-Length headers: it is refused and the connection closed");
  s.metrics.record(Route::other, 400, 0.0);
  log_request(s, peer_ip, "", "", 400, body.size(), 0.0);
  return fmt::format(
      "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: {}\r\n"
      "Content-Type: application/json\r\n\r\n{}",
      body.size(), body);
}

}  // namespace bareme::serve
