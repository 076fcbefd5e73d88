// The routes of `bareme serve`: method and auth checks, the JSON endpoints, errors, log and
// metrics.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "loop_server.hpp"
#include "service.hpp"

namespace bareme::serve {
namespace {

using Clock = std::chrono::steady_clock;
using httplib::Request;
using httplib::Response;

// What routing learnt of the request being handled on this thread (one connection per thread).
struct Current {
  Clock::time_point start;
  Route route = Route::other;
  bool started = false;
};
thread_local Current current;

struct Target {
  Route route = Route::other;
  const char* method = nullptr;  // the one method allowed; nullptr: no such route
};

// The route of a path and the method it takes.
Target target_of(const std::string& path) {
  if (path == "/health") return {Route::health, "GET"};
  if (path == "/metrics") return {Route::metrics, "GET"};
  if (path == "/schemes") return {Route::schemes, "GET"};
  if (path == "/openapi.json") return {Route::openapi, "GET"};
  if (path.rfind("/schemes/", 0) != 0) return {};
  const std::string rest = path.substr(9);
  const auto slash = rest.find('/');
  if (rest.empty() || slash == 0) return {};
  if (slash == std::string::npos) return {Route::scheme, "GET"};
  const std::string action = rest.substr(slash + 1);
  if (action == "evaluate") return {Route::evaluate, "POST"};
  if (action == "explain") return {Route::explain, "POST"};
  if (action == "missing") return {Route::missing, "POST"};
  if (action == "score") return {Route::score, "POST"};
  if (action == "document") return {Route::document, "GET"};
  return {};
}

// Closes the connection after an answer given before the body was read.
void reject(Response& res, const Request& req, int status, const std::string& code,
            const std::string& message) {
  send_error(res, status, code, message);
  if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))
    res.set_header("Connection", "close");
}

httplib::Server::HandlerResponse pre_route(Service& s, const Request& req, Response& res) {
  current = {Clock::now(), Route::other, true};
  const Target t =
      s.options.ui && is_ui_path(req.path) ? Target{Route::ui, "GET"} : target_of(req.path);
  current.route = t.route;
  if (!t.method) {
    reject(res, req, 404, "not_found", "no route " + req.path + " (see GET /openapi.json)");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.method != t.method) {
    reject(res, req, 405, "method_not_allowed",
           fmt::format("{} takes {}, not {}", req.path, t.method, req.method));
    res.set_header("Allow", t.method);
    return httplib::Server::HandlerResponse::Handled;
  }
  if (!s.options.token.empty() && t.route != Route::health && t.route != Route::ui &&
      !same_secret(req.get_header_value("Authorization"), "Bearer " + s.options.token)) {
    reject(res, req, 401, "unauthorized",
           "this service needs the header Authorization: Bearer TOKEN");
    res.set_header("WWW-Authenticate", "Bearer");
    return httplib::Server::HandlerResponse::Handled;
  }
  const size_t limit =
      t.route == Route::score ? s.options.max_score_bytes : s.options.max_body_bytes;
  // cpp-httplib reads a chunked body whole, past any limit: only /score (read as it arrives,
  // counted block by block) takes one.
  if (t.route != Route::score && req.has_header("Transfer-Encoding")) {
    reject(res, req, 411, "length_required",
           fmt::format("{} needs a Content-Length body of at most {} bytes, not a chunked one",
                       req.path, limit));
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.get_header_value_count("Content-Length") > 1) {  // where would the body end?
    reject(res, req, 400, "bad_request", "the request has two Content-Length headers");
    return httplib::Server::HandlerResponse::Handled;
  }
  if (req.has_header("Content-Length")) {
    const std::string text = req.get_header_value("Content-Length");
    char* end = nullptr;
    const unsigned long long length = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0') {
      reject(res, req, 400, "bad_request", "Content-Length is not a number");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (length > limit) {
      reject(res, req, 413, "body_too_large",
             fmt::format("the body has {} bytes; the limit is {}", length, limit));
      return httplib::Server::HandlerResponse::Handled;
    }
  }
  return httplib::Server::HandlerResponse::Unhandled;
}

// The scheme named in the path, or an error answer.
std::shared_ptr<const LoadedScheme> find_scheme(const Catalog& catalog, const Request& req,
                                                Response& res) {
  const std::string name = req.matches[1];
  auto it = catalog.schemes.find(name);
  if (it != catalog.schemes.end()) return it->second;
  send_error(res, 404, "unknown_scheme",
             "no scheme named '" + name + "' is served (see GET /schemes)");
  return nullptr;
}

void handle_evaluation(Service& s, Evaluator evaluate, const Request& req, Response& res) {
  const Answer answer = answer_evaluation(s, evaluate, req.matches[1], req.get_param_value("as_of"),
                                          req.get_param_value("strict"), req.body);
  res.status = answer.status;
  res.set_content(answer.body, "application/json");
  if (answer.retry_after) res.set_header("Retry-After", "1");
}

void log_line(Service& s, const Request& req, const Response& res, double seconds) {
  log_request(s, req.remote_addr, req.method, req.path, res.status, res.body.size(), seconds);
}

}  // namespace

void add_routes(httplib::Server& server, Service& s) {
  server.set_pre_routing_handler(
      [&s](const Request& req, Response& res) { return pre_route(s, req, res); });
  server.Get("/health", [&s](const Request&, Response& res) {
    const auto catalog = s.registry.current();
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : catalog->errors)
      errors.push_back({{"file", e.file}, {"message", e.message}});
    nlohmann::json body = {{"status", catalog->errors.empty() ? "ok" : "degraded"},
                           {"schemes", catalog->schemes.size()},
                           {"generation", catalog->generation},
                           {"loaded_at", catalog->loaded_at},
                           {"errors", errors}};
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
  });
  server.Get("/metrics", [&s](const Request&, Response& res) {
    const auto catalog = s.registry.current();
    res.set_content(
        s.metrics.prometheus(s.in_flight.load(), catalog->schemes.size(), catalog->errors.size()),
        "text/plain; version=0.0.4");
  });
  server.Get("/schemes", [&s](const Request&, Response& res) {
    res.set_content(s.registry.current()->list_json, "application/json");
  });
  server.Get("/openapi.json", [&s](const Request&, Response& res) {
    res.set_content(s.registry.current()->openapi_json, "application/json");
  });
  server.Get(R"(/schemes/([^/]+))", [&s](const Request& req, Response& res) {
    const auto catalog = s.registry.current();
    if (auto scheme = find_scheme(*catalog, req, res))
      res.set_content(scheme->detail_json, "application/json");
  });
  server.Get(R"(/schemes/([^/]+)/document)", [&s](const Request& req, Response& res) {
    const auto catalog = s.registry.current();
    auto scheme = find_scheme(*catalog, req, res);
    if (!scheme) return;
    if (scheme->document_error.empty())  // built when the scheme was loaded
      res.set_content(scheme->document_json, "application/json");
    else
      send_error(res, 500, "internal", scheme->document_error);
  });
  if (s.options.ui) add_ui_routes(server, s);
  server.Post(R"(/schemes/([^/]+)/evaluate)", [&s](const Request& req, Response& res) {
    handle_evaluation(s, bareme_evaluate, req, res);
  });
  server.Post(R"(/schemes/([^/]+)/explain)", [&s](const Request& req, Response& res) {
    handle_evaluation(s, bareme_explain, req, res);
  });
  server.Post(R"(/schemes/([^/]+)/missing)", [&s](const Request& req, Response& res) {
    handle_evaluation(s, bareme_missing, req, res);
  });
  server.Post(R"(/schemes/([^/]+)/score)", [&s](const Request& req, Response& res,
                                                const httplib::ContentReader& reader) {
    InFlight guard(s);
    if (!guard.admitted()) {
      send_error(res, 503, "overloaded",
                 fmt::format("more than {} requests at once; retry", s.options.max_concurrent));
      res.set_header("Retry-After", "1");
      res.set_header("Connection", "close");
      return;
    }
    const auto catalog = s.registry.current();
    if (auto scheme = find_scheme(*catalog, req, res))
      handle_score(s, *scheme, req, res, reader);
    else
      res.set_header("Connection", "close");
  });
  // Answers httplib gives itself (a malformed request, a body over its limit) become JSON errors.
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const Request&, Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const int status = res.status;
    const char* code = status == 413   ? "body_too_large"
                       : status == 414 ? "uri_too_long"
                       : status == 404 ? "not_found"
                       : status >= 500 ? "internal"
                                       : "bad_request";
    send_error(res, status, code,
               status == 413   ? "the body is over the limit"
               : status == 414 ? "the request line is too long"
                               : "the request is not valid HTTP/1.1");
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
    send_error(res, 500, "internal", "the request failed inside the server");
  });
  server.set_logger([&s](const Request& req, const Response& res) {
    const auto now = Clock::now();
    const double seconds =
        current.started ? std::chrono::duration<double>(now - current.start).count() : 0.0;
    s.metrics.record(current.started ? current.route : Route::other, res.status, seconds);
    if (res.get_header_value("Connection") == "close") mark_connection_close();
    log_line(s, req, res, seconds);
    current = {};
  });
}

}  // namespace bareme::serve
