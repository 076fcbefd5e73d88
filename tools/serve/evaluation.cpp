// The answer of /evaluate, /explain and /missing, the request log line and the token
// comparison: shared by cpp-httplib's routes and the event loop's fast lane.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "service.hpp"

namespace bareme::serve {

std::string error_json(const std::string& code, const std::string& message) {
  const nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Compares the whole of both strings whatever they hold, so that the time taken says nothing of
// where a guessed token first differs.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < given.size(); ++i)
    diff |=
        static_cast<unsigned char>(given[i] ^ expected[i % std::max<size_t>(expected.size(), 1)]);
  return diff == 0;
}

Answer answer_evaluation(Service& s, Evaluator evaluate, const std::string& scheme_name,
                         const std::string& as_of, const std::string& strict,
                         const std::string& body) {
  InFlight guard(s);
  if (!guard.admitted())
    return {503,
            error_json("overloaded", fmt::format("more than {} requests at once; retry",
                                                 s.options.max_concurrent)),
            true};
  if (body.size() > s.options.max_body_bytes)
    return {413, error_json("body_too_large", fmt::format("the body has {} bytes; the limit is {}",
                                                          body.size(), s.options.max_body_bytes))};
  const auto catalog = s.registry.current();
  const auto it = catalog->schemes.find(scheme_name);
  if (it == catalog->schemes.end())
    return {404, error_json("unknown_scheme",
                            "no scheme named '" + scheme_name + "' is served (see GET /schemes)")};
  bareme_options options{};
  if (!as_of.empty()) options.as_of = as_of.c_str();
  options.max_steps = s.options.max_steps;
  options.time_limit_seconds = s.options.eval_timeout_seconds;
  // As the published JSON Schema says (additionalProperties: false), a member naming no input is
  // bad input, not silently ignored; ?strict=false ignores it as `bareme eval` does.
  if (!strict.empty() && strict != "true" && strict != "false")
    return {400, error_json("bad_option", "strict is true or false, not " + strict)};
  options.strict = strict != "false";
  char* result = nullptr;
  bareme_error* error = nullptr;
  const auto start = std::chrono::steady_clock::now();
  const bareme_status status =
      evaluate(it->second->scheme, body.c_str(), &options, &result, &error);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (status != BAREME_OK) {
    const auto [http, code] = status_of(status);
    Answer answer{http,
                  error_json(code, error ? bareme_error_message(error) : "the evaluation failed")};
    bareme_error_free(error);
    return answer;
  }
  Answer answer{200, it->second->relative_paths(result)};
  bareme_free(result);
  if (seconds > s.options.eval_timeout_seconds ||
      answer.body.find("\"BudgetExceeded\"") != std::string::npos)
    return {504, error_json("evaluation_timeout",
                            fmt::format("the evaluation went over its limit ({} s, {} steps)",
                                        s.options.eval_timeout_seconds,
                                        s.options.max_steps ? std::to_string(s.options.max_steps)
                                                            : std::string("default")))};
  return answer;
}

void log_request(Service& s, const std::string& address, std::string_view method,
                 std::string_view path, int status, size_t bytes, double seconds) {
  if (s.log_fd < 0) return;
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const std::string line = fmt::format("{:%Y-%m-%dT%H:%M:%SZ} {} {} {} {} {}B {:.3f}ms\n", tm,
                                       address, method.empty() ? "-" : method,
                                       path.empty() ? "-" : path, status, bytes, seconds * 1e3);
  [[maybe_unused]] auto n = ::write(s.log_fd, line.data(), line.size());
}

}  // namespace bareme::serve
