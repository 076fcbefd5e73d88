// The HTTP/1.1 server of `bareme serve`: epoll event loops (one per core) answer whole buffered
// requests on their own thread through cpp-httplib's request processing; streamed, chunked or
// partly arrived requests hand their connection to a pool of blocking threads.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "streams.hpp"

namespace bareme::serve {

struct LoopSettings {
  size_t loops = 0;               // event-loop threads; 0: one per core
  size_t blocking_threads = 256;  // threads for handed-off connections (more wait in a queue)
  std::chrono::microseconds read_timeout{5'000'000};
  std::chrono::microseconds write_timeout{5'000'000};
  std::chrono::seconds keep_alive{5};
  size_t keep_alive_max = 100000;  // requests on one connection before it is closed
};

// Answers one whole request from its bytes into `out` (setting `close`) and returns true, or
// returns false to leave it to cpp-httplib's request processing.
using FastLane = std::function<bool(std::string_view request, const Peer& peer, bool last,
                                    std::string& out, bool& close)>;
// The whole answer (400, Connection: close) to a request whose head cannot be framed safely.
using BadFraming = std::function<std::string(const Peer& peer)>;

// Called while a request is handled (by the routes' logger) when its answer says
// `Connection: close`: the connection ends after it.
void mark_connection_close();
// Whether mark_connection_close() was called on this thread since the last call; clears it.
bool take_close_mark();

class LoopServer final : public httplib::Server {
 public:
  FastLane fast_lane;
  BadFraming bad_framing;

  explicit LoopServer(const LoopSettings& settings);
  ~LoopServer() override;
  // Serves the socket bound by bind_to_port / bind_to_any_port until stop_serving(); false
  // when the loops could not start.
  bool serve();
  // Ends the loops and the handed-off connections' waits; requests in flight finish.
  void stop_serving();

 private:
  // A connection on a loop.
  struct Connection {
    int fd = -1;
    Peer peer;
    std::string input;  // bytes read and not yet answered
    size_t served = 0;  // requests answered on this connection
    std::chrono::steady_clock::time_point last_active;
  };
  enum class Next { kept, closed, handed_off };
  void loop(int epoll_fd);
  // Reads what `c` sent and answers the whole requests: `c` stays on the loop, is to be closed,
  // or was handed off to a blocking thread.
  Next on_readable(int epoll_fd, Connection& c);
  // A blocking thread writes `pending_output`, then closes (`close_after`) or serves `c` on.
  void hand_off(Connection&& c, std::string pending_output, bool close_after);
  void serve_blocking(int fd, std::string buffered, Peer peer, std::string pending_output,
                      size_t served, bool close_after);

  LoopSettings settings_;
  std::atomic<bool> stopping_{false};
  const int wake_fd_;  // an eventfd that wakes every loop when stopping
  httplib::ThreadPool* pool_ = nullptr;
  std::mutex handed_off_mutex_;
  std::set<int> handed_off_;
};

}  // namespace bareme::serve
