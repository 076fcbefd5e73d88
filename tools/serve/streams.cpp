// BufferedRequestStream and SocketStream: cpp-httplib's view of a request in memory or of a
// connection handed off to a blocking thread.
#include "streams.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bareme::serve {
namespace {

bool wait_for(int fd, short events, std::chrono::microseconds timeout) {
  pollfd p{fd, events, 0};
  const int ms = static_cast<int>(std::max<int64_t>(1, (timeout.count() + 999) / 1000));
  for (;;) {
    const int n = ::poll(&p, 1, ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

}  // namespace

ssize_t BufferedRequestStream::read(char* ptr, size_t size) {
  const size_t n = std::min(size, in_.size());
  std::memcpy(ptr, in_.data(), n);
  in_.remove_prefix(n);
  return static_cast<ssize_t>(n);
}

ssize_t BufferedRequestStream::write(const char* ptr, size_t size) {
  out_.append(ptr, size);
  return static_cast<ssize_t>(size);
}

void BufferedRequestStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = peer_.ip;
  port = peer_.port;
}

void BufferedRequestStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = peer_.local_ip;
  port = peer_.local_port;
}

bool SocketStream::wait_readable(std::chrono::microseconds timeout) const {
  return offset_ < buffer_.size() || wait_for(fd_, POLLIN, timeout);
}

bool SocketStream::is_readable() const {
  return wait_readable(read_timeout_);
}

bool SocketStream::is_writable() const {
  return wait_for(fd_, POLLOUT, write_timeout_);
}

ssize_t SocketStream::read(char* ptr, size_t size) {
  if (offset_ == buffer_.size()) {
    offset_ = 0;
    for (;;) {
      buffer_.resize(16384);
      const ssize_t n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      buffer_.resize(n > 0 ? static_cast<size_t>(n) : 0);
      if (n > 0) break;
      if (n == 0) return 0;
      if (errno == EINTR) continue;
      if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait_for(fd_, POLLIN, read_timeout_))
        return -1;
    }
  }
  const size_t n = std::min(size, buffer_.size() - offset_);
  std::memcpy(ptr, buffer_.data() + offset_, n);
  offset_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t SocketStream::write(const char* ptr, size_t size) {
  return write_all(std::string_view(ptr, size)) ? static_cast<ssize_t>(size) : -1;
}

bool SocketStream::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
        wait_for(fd_, POLLOUT, write_timeout_))
      continue;
    return false;
  }
  return true;
}

void SocketStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = peer_.ip;
  port = peer_.port;
}

void SocketStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = peer_.local_ip;
  port = peer_.local_port;
}

}  // namespace bareme::serve
