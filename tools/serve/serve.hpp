// `bareme serve`: the options of the HTTP JSON service over a folder of schemes, and its entry
// point.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace bareme::serve {

struct ServeOptions {
  std::string folder;                   // the folder of *.bareme files served, one scheme per file
  std::string host = "127.0.0.1";       // loopback unless told otherwise
  int port = 8080;                      // 0: any free port (printed on stdout)
  std::string token;                    // when set, every request but /health needs "Bearer TOKEN"
  std::string library_paths;            // ':'-separated import folders besides the served folder
  size_t max_body_bytes = 8u << 20;     // a larger body is 413
  size_t max_score_bytes = 256u << 20;  // the body of one /score request
  size_t max_rows = 1000000;            // rows of one /score request; more is 413
  size_t max_concurrent = 64;           // requests handled at once; more is 503
  size_t threads = 0;  // handed-off connection threads; 0: max(256, max_concurrent + 16)
  size_t loops = 0;    // event-loop threads; 0: one per core
  double eval_timeout_seconds = 2.0;     // an evaluation that takes longer is 504
  uint64_t max_steps = 0;                // the step budget of each evaluation (0: `bareme eval`'s)
  double read_timeout_seconds = 5.0;     // a client silent this long is dropped
  double reload_interval_seconds = 1.0;  // how often the folder is polled for changes (0: never)
  bool ui = false;                       // serve the web playground under /ui/
  std::string log_file;                  // "": stderr; "-": no request log
};

// Runs the service until SIGTERM or SIGINT; returns the exit code (0 on a clean shutdown).
int run_serve(const ServeOptions& options);

}  // namespace bareme::serve
