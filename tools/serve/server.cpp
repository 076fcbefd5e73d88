// run_serve: loads the folder, starts the reload watcher and the HTTP server, stops on
// SIGTERM/SIGINT.
#include <fcntl.h>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "fast_lane.hpp"
#include "loop_server.hpp"
#include "service.hpp"

namespace bareme::serve {
namespace {

int signal_pipe[2] = {-1, -1};

extern "C" void on_signal(int) {
  const char byte = 's';
  [[maybe_unused]] auto n = ::write(signal_pipe[1], &byte, 1);
}

void log_text(const Service& s, const std::string& text) {
  const std::string line = "bareme serve: " + text + "\n";
  [[maybe_unused]] auto n = ::write(2, line.data(), line.size());
  (void)s;
}

void report_catalog(const Service& s, const Catalog& catalog) {
  log_text(s, fmt::format("generation {}: {} scheme(s), {} file(s) that do not compile",
                          catalog.generation, catalog.schemes.size(), catalog.errors.size()));
  for (const auto& e : catalog.errors) log_text(s, e.file + ": " + e.message);
}

}  // namespace

int run_serve(const ServeOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(options.folder, ec)) {
    fmt::print(stderr, "error: {} is not a folder of schemes\n", options.folder);
    return 2;
  }
  Service s{options, Registry(options.folder, options.library_paths), {}};
  if (options.log_file == "-")
    s.log_fd = -1;
  else if (!options.log_file.empty()) {
    s.log_fd = ::open(options.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (s.log_fd < 0) {
      fmt::print(stderr, "error: cannot open the log file {}\n", options.log_file);
      return 2;
    }
  }
  s.registry.poll(true);
  report_catalog(s, *s.registry.current());

  // Handed-off connections (streamed /score, chunked or slow requests) each hold a blocking
  // thread, so those get a modest stack.
  pthread_attr_t attr;
  if (pthread_getattr_default_np(&attr) == 0) {
    size_t stack = 0;
    pthread_attr_getstacksize(&attr, &stack);
    pthread_attr_setstacksize(&attr, std::min<size_t>(stack, size_t{64} << 20));
    pthread_setattr_default_np(&attr);
    pthread_attr_destroy(&attr);
  }
  const auto timeout =
      std::chrono::microseconds(static_cast<int64_t>(options.read_timeout_seconds * 1e6));
  LoopSettings settings;
  settings.loops = options.loops;
  settings.blocking_threads =
      options.threads ? options.threads : std::max<size_t>(256, options.max_concurrent + 16);
  settings.read_timeout = timeout;
  settings.write_timeout = timeout;
  settings.keep_alive = std::chrono::seconds(5);
  settings.keep_alive_max = 100000;
  LoopServer server(settings);
  server.set_payload_max_length(std::max(options.max_body_bytes, options.max_score_bytes));
  server.set_keep_alive_max_count(settings.keep_alive_max);  // what the Keep-Alive header says
  server.set_keep_alive_timeout(settings.keep_alive.count());
  add_routes(server, s);
  const std::string keep_alive = fmt::format("Keep-Alive: timeout={}, max={}\r\n",
                                             settings.keep_alive.count(), settings.keep_alive_max);
  server.fast_lane = [&s, &keep_alive](std::string_view request, const Peer& peer, bool last,
                                       std::string& out, bool& close) {
    return answer_fast(s, request, peer.ip, last, keep_alive, out, close);
  };
  server.bad_framing = [&s](const Peer& peer) { return answer_bad_framing(s, peer.ip); };

  const int port = options.port == 0 ? server.bind_to_any_port(options.host) : options.port;
  if (port < 0 || (options.port != 0 && !server.bind_to_port(options.host, options.port))) {
    fmt::print(stderr, "error: cannot listen on {}:{}\n", options.host, options.port);
    return 2;
  }
  fmt::print("bareme serve: listening on http://{}:{}/ ({} scheme(s) from {})\n", options.host,
             port, s.registry.current()->schemes.size(), options.folder);
  std::fflush(stdout);

  if (::pipe2(signal_pipe, O_CLOEXEC) != 0) return 2;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::thread stopper([&] {
    char byte;
    while (::read(signal_pipe[0], &byte, 1) < 0 && errno == EINTR) {
    }
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    server.stop_serving();
  });
  std::thread watcher([&] {
    if (options.reload_interval_seconds <= 0) return;
    const auto interval =
        std::chrono::microseconds(static_cast<int64_t>(options.reload_interval_seconds * 1e6));
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, interval, [&] { return stopping; })) {
      lock.unlock();
      try {
        if (s.registry.poll()) {
          const auto catalog = s.registry.current();
          s.metrics.add_reload(catalog->errors.empty());
          report_catalog(s, *catalog);
        }
      } catch (const std::exception& e) {  // the previous catalog keeps serving
        std::fprintf(stderr, "bareme serve: reload failed: %s\n", e.what());
      }
      lock.lock();
    }
  });
  const bool listened = server.serve();
  on_signal(0);  // the stopper ends whether a signal or a failure ended listening
  stopper.join();
  watcher.join();
  log_text(s, "stopped");
  if (s.log_fd > 2) ::close(s.log_fd);
  return listened ? 0 : 1;
}

}  // namespace bareme::serve
