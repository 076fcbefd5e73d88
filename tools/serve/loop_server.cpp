// LoopServer: accepts on every loop, answers whole requests in place, hands the rest off.
#include "loop_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>
#include <unordered_map>
#include <vector>

#include "request_frame.hpp"

namespace bareme::serve {

using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t max_head = 64 * 1024;  // a longer head is for cpp-httplib to refuse
// Pipelined requests answered in one turn of the loop; more go to a blocking thread, so that one
// connection cannot hold its loop's other connections for long.
constexpr size_t max_answers_per_turn = 16;

thread_local bool close_marked = false;

void address_of(const sockaddr_storage& a, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

Peer peer_of(int fd, const sockaddr_storage& remote) {
  Peer p;
  address_of(remote, p.ip, p.port);
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) == 0)
    address_of(local, p.local_ip, p.local_port);
  return p;
}

// Sends what the socket takes now; returns the bytes it took (all, unless it would block), or
// -1 when the client is gone.
ssize_t send_now(int fd, std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return -1;
  }
  return static_cast<ssize_t>(sent);
}

}  // namespace

bool LoopServer::serve() {
  const int listen_fd = svr_sock_;
  if (listen_fd < 0) return false;
  ::fcntl(listen_fd, F_SETFL, ::fcntl(listen_fd, F_GETFL) | O_NONBLOCK);
  // cpp-httplib listens with a backlog of 5: a burst of new connections would be dropped.
  ::listen(listen_fd, SOMAXCONN);
  if (wake_fd_ < 0) return false;
  httplib::ThreadPool pool(settings_.blocking_threads);
  pool_ = &pool;
  const size_t loops =
      settings_.loops ? settings_.loops : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  bool started = true;
  for (size_t i = 0; i < loops; ++i) {
    const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    epoll_event listen_event{EPOLLIN | EPOLLEXCLUSIVE, {.fd = listen_fd}};
    epoll_event wake_event{EPOLLIN, {.fd = wake_fd_}};
    if (epoll_fd < 0 || ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &listen_event) != 0 ||
        ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd_, &wake_event) != 0) {
      if (epoll_fd >= 0) ::close(epoll_fd);
      started = false;
      stop_serving();
      break;
    }
    threads.emplace_back([this, epoll_fd] { loop(epoll_fd); });
  }
  for (auto& t : threads) t.join();
  pool.shutdown();  // waits for the handed-off connections, woken by stop_serving
  pool_ = nullptr;
  const int sock = svr_sock_.exchange(INVALID_SOCKET);
  if (sock >= 0) ::close(sock);
  return started;
}

void mark_connection_close() {
  close_marked = true;
}

bool take_close_mark() {
  const bool marked = close_marked;
  close_marked = false;
  return marked;
}

LoopServer::LoopServer(const LoopSettings& settings)
    : settings_(settings), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

LoopServer::~LoopServer() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void LoopServer::stop_serving() {
  stopping_ = true;
  const uint64_t one = 1;
  if (wake_fd_ >= 0) [[maybe_unused]]
    auto n = ::write(wake_fd_, &one, sizeof one);
  std::lock_guard lock(handed_off_mutex_);
  for (int fd : handed_off_) ::shutdown(fd, SHUT_RD);  // a waiting read ends; writes still go
}

void LoopServer::loop(int epoll_fd) {
  std::unordered_map<int, Connection> connections;
  std::vector<epoll_event> events(256);
  auto last_sweep = Clock::now();
  auto close_connection = [&](int fd) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    connections.erase(fd);
  };
  bool paused = false;  // accepting stopped until `paused_until`: out of descriptors
  Clock::time_point paused_until{};
  while (!stopping_) {
    if (paused && Clock::now() >= paused_until) {
      epoll_event listen_event{EPOLLIN | EPOLLEXCLUSIVE, {.fd = svr_sock_}};
      ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, svr_sock_, &listen_event);
      paused = false;
    }
    const int n =
        ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), paused ? 100 : 1000);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < n && !stopping_; ++i) {
      const int fd = events[i].data.fd;
      if (fd == svr_sock_) {
        while (true) {
          sockaddr_storage remote{};
          socklen_t length = sizeof remote;
          const int c = ::accept4(fd, reinterpret_cast<sockaddr*>(&remote), &length,
                                  SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (c < 0) {  // EAGAIN: another loop took it, or no more
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
              // Out of descriptors: stop listening for a moment rather than spin.
              ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
              paused = true;
              paused_until = Clock::now() + std::chrono::milliseconds(100);
            }
            break;
          }
          const int one = 1;
          ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event e{EPOLLIN | EPOLLRDHUP, {.fd = c}};
          if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c, &e) != 0) {
            ::close(c);
            continue;
          }
          connections[c] = Connection{c, peer_of(c, remote), {}, 0, Clock::now()};
        }
        continue;
      }
      if (fd == wake_fd_) continue;
      auto it = connections.find(fd);
      if (it == connections.end()) continue;
      const Next next = on_readable(epoll_fd, it->second);
      if (next == Next::closed) close_connection(fd);
      if (next == Next::handed_off) connections.erase(it);
    }
    const auto now = Clock::now();
    if (now - last_sweep > std::chrono::seconds(1)) {  // idle keep-alive connections end
      last_sweep = now;
      std::vector<int> idle;
      for (const auto& [fd, c] : connections)
        if (now - c.last_active > settings_.keep_alive) idle.push_back(fd);
      for (int fd : idle) close_connection(fd);
    }
  }
  for (auto& [fd, c] : connections) ::close(fd);
  ::close(epoll_fd);
}

LoopServer::Next LoopServer::on_readable(int epoll_fd, Connection& c) {
  char chunk[16384];
  bool eof = false;  // the client sent all it will: answer what is whole, then close
  for (;;) {
    const ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      c.input.append(chunk, static_cast<size_t>(n));
      if (static_cast<size_t>(n) < sizeof chunk || c.input.size() > max_head) break;
      continue;
    }
    if (n == 0) {
      eof = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    return Next::closed;  // the connection failed
  }
  c.last_active = Clock::now();
  size_t used = 0, answered = 0;
  std::string output;
  bool close_after = eof;
  while (used < c.input.size() && answered < max_answers_per_turn) {
    const FrameResult frame = frame_request(std::string_view(c.input).substr(used), max_head);
    if (frame.frame == Frame::bad) {  // never guess where such a request ends: refuse, close
      output += bad_framing ? bad_framing(c.peer) : std::string();
      used = c.input.size();
      close_after = true;
      break;
    }
    if (frame.frame != Frame::whole) break;
    const bool last = c.served + 1 >= settings_.keep_alive_max;
    bool closed = false;
    bool ok = true;
    const std::string_view request = std::string_view(c.input).substr(used, frame.length);
    take_close_mark();
    if (!fast_lane || !fast_lane(request, c.peer, last, output, closed)) {
      BufferedRequestStream stream(request, c.peer, c.fd, output);
      ok = process_request(stream, last, closed, nullptr);
    }
    used += frame.length;
    ++c.served;
    ++answered;
    if (!ok || closed || take_close_mark() || stopping_) {
      close_after = true;
      used = c.input.size();
      break;
    }
  }
  c.input.erase(0, used);
  const ssize_t sent = send_now(c.fd, output);
  if (sent < 0) return Next::closed;
  std::string rest = output.substr(static_cast<size_t>(sent));
  if (close_after && rest.empty()) return Next::closed;
  if (close_after || !rest.empty() || !c.input.empty()) {
    // A slow reader, an answer to finish before closing, a partly arrived request, one that
    // streams, or more pipelined requests than a turn answers: a blocking thread goes on.
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    hand_off(std::move(c), std::move(rest), close_after);
    return Next::handed_off;
  }
  return Next::kept;
}

}  // namespace bareme::serve
