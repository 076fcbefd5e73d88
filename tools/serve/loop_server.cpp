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

struct LoopServer::Connection {
  int fd = -1;
  Peer peer;
  std::string input;  // bytes read and not yet answered
  size_t served = 0;  // requests answered on this connection
  Clock::time_point last_active;
};

namespace {

constexpr size_t max_head = 64 * 1024;  // a longer head is for cpp-httplib to refuse

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
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
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
  ::close(wake_fd_);
  const int sock = svr_sock_.exchange(INVALID_SOCKET);
  if (sock >= 0) ::close(sock);
  return started;
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
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 1000);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < n && !stopping_; ++i) {
      const int fd = events[i].data.fd;
      if (fd == svr_sock_) {
        while (true) {
          sockaddr_storage remote{};
          socklen_t length = sizeof remote;
          const int c = ::accept4(fd, reinterpret_cast<sockaddr*>(&remote), &length,
                                  SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (c < 0) break;  // EAGAIN: another loop took it, or no more
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
      if (!on_readable(epoll_fd, it->second)) {
        if (it->second.fd >= 0)
          close_connection(fd);  // closed here, not handed off
        else
          connections.erase(it);
      }
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

bool LoopServer::on_readable(int epoll_fd, Connection& c) {
  char chunk[16384];
  for (;;) {
    const ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      c.input.append(chunk, static_cast<size_t>(n));
      if (static_cast<size_t>(n) < sizeof chunk || c.input.size() > max_head) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return false;  // the client closed, or the connection failed
  }
  c.last_active = Clock::now();
  size_t used = 0;
  std::string output;
  while (used < c.input.size()) {
    const FrameResult frame = frame_request(std::string_view(c.input).substr(used), max_head);
    if (frame.frame != Frame::whole) break;
    const bool last = c.served + 1 >= settings_.keep_alive_max;
    bool closed = false;
    bool ok = true;
    const std::string_view request = std::string_view(c.input).substr(used, frame.length);
    if (!fast_lane || !fast_lane(request, c.peer, last, output, closed)) {
      BufferedRequestStream stream(request, c.peer, c.fd, output);
      ok = process_request(stream, last, closed, nullptr);
    }
    used += frame.length;
    ++c.served;
    if (!ok || closed || stopping_) {
      send_now(c.fd, output);  // the last answer; what does not fit is lost with the client
      return false;
    }
  }
  c.input.erase(0, used);
  const ssize_t sent = send_now(c.fd, output);
  if (sent < 0) return false;
  if (static_cast<size_t>(sent) < output.size() || !c.input.empty()) {
    // A slow reader, a partly arrived request or one that streams: a blocking thread goes on.
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
    hand_off(std::move(c), output.substr(static_cast<size_t>(sent)));
    c.fd = -1;
    return false;
  }
  return true;
}

void LoopServer::hand_off(Connection c, std::string pending_output) {
  const int fd = c.fd;
  {
    std::lock_guard lock(handed_off_mutex_);
    handed_off_.insert(fd);
  }
  pool_->enqueue([this, fd, input = std::move(c.input), peer = std::move(c.peer),
                  output = std::move(pending_output), served = c.served]() mutable {
    serve_blocking(fd, std::move(input), std::move(peer), std::move(output), served);
  });
}

void LoopServer::serve_blocking(int fd, std::string buffered, Peer peer, std::string pending_output,
                                size_t served) {
  SocketStream stream(fd, std::move(buffered), peer, settings_.read_timeout,
                      settings_.write_timeout);
  bool open = pending_output.empty() || stream.write_all(pending_output);
  while (open && !stopping_ && served < settings_.keep_alive_max &&
         stream.wait_readable(settings_.keep_alive)) {
    bool closed = false;
    const bool last = served + 1 >= settings_.keep_alive_max;
    open = process_request(stream, last || stopping_, closed, nullptr) && !closed;
    ++served;
  }
  {
    std::lock_guard lock(handed_off_mutex_);
    handed_off_.erase(fd);
  }
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace bareme::serve
