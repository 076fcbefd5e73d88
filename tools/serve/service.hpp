// The state every handler shares (options, the registry, metrics) and the JSON error answers.
#pragma once

#include <bareme/bareme.h>
#include <httplib.h>

#include <atomic>
#include <string>
#include <string_view>

#include "catalog.hpp"
#include "metrics.hpp"
#include "serve.hpp"

namespace bareme::serve {

struct Service {
  ServeOptions options;
  Registry registry;
  Metrics metrics;
  std::atomic<size_t> in_flight{0};
  int log_fd = 2;  // -1: no request log
};

// Sets `res` to {"error": {"code", "message"}} with `status`.
void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message);
// The HTTP status and code of a failed ABI call.
std::pair<int, const char*> status_of(bareme_status status);

// Counts a request being handled; `admitted` is false when the limit is reached (then 503).
class InFlight {
 public:
  explicit InFlight(Service& service)
      : service_(service),
        admitted_(service.in_flight.fetch_add(1) < service.options.max_concurrent) {}
  ~InFlight() { service_.in_flight.fetch_sub(1); }
  bool admitted() const { return admitted_; }

 private:
  Service& service_;
  bool admitted_;
};

// {"error": {"code", "message"}} as text.
std::string error_json(const std::string& code, const std::string& message);
// Whether `given` equals `expected`, in a time that does not depend on where they differ.
bool same_secret(std::string_view given, std::string_view expected);

using Evaluator = bareme_status (*)(const bareme_scheme*, const char*, const bareme_options*,
                                    char**, bareme_error**);
// What /evaluate, /explain or /missing answers (`evaluate` is the ABI call): a JSON body.
struct Answer {
  int status = 200;
  std::string body;
  bool retry_after = false;  // 503: the client may retry in a second
};
Answer answer_evaluation(Service& service, Evaluator evaluate, const std::string& scheme_name,
                         const std::string& as_of, const std::string& strict,
                         const std::string& body);
// Writes one line of the request log (when there is one).
void log_request(Service& service, const std::string& address, std::string_view method,
                 std::string_view path, int status, size_t bytes, double seconds);

// The web playground (`--ui`): whether a path is one of its pages, and its routes (ui_routes.cpp).
bool is_ui_path(const std::string& path);
void add_ui_routes(httplib::Server& server, Service& service);
// Registers every route of the service on `server`.
void add_routes(httplib::Server& server, Service& service);
// POST /schemes/{name}/score: rows read in blocks, scored by bareme_score_text, written back.
void handle_score(Service& service, const LoadedScheme& scheme, const httplib::Request& req,
                  httplib::Response& res, const httplib::ContentReader& reader);

}  // namespace bareme::serve
