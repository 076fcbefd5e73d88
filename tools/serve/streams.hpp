// The two httplib::Stream the event loop gives cpp-httplib's request processing: one request
// already buffered in memory (answered on the loop thread), and a connection handed off to a
// blocking thread (bytes buffered so far first, then the socket, with timeouts).
#pragma once

#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>

namespace bareme::serve {

// Where a connection comes from, read once when it is accepted.
struct Peer {
  std::string ip;
  int port = 0;
  std::string local_ip;
  int local_port = 0;
};

// One whole request read from memory; the answer is collected in `out`.
class BufferedRequestStream final : public httplib::Stream {
 public:
  BufferedRequestStream(std::string_view request, const Peer& peer, int fd, std::string& out)
      : in_(request), peer_(peer), fd_(fd), out_(out) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  std::string_view in_;
  const Peer& peer_;
  int fd_;
  std::string& out_;
};

// A non-blocking socket read through a buffer (the bytes the loop had read come first), with
// poll for the read and write timeouts.
class SocketStream final : public httplib::Stream {
 public:
  SocketStream(int fd, std::string buffered, const Peer& peer,
               std::chrono::microseconds read_timeout, std::chrono::microseconds write_timeout)
      : fd_(fd),
        buffer_(std::move(buffered)),
        peer_(peer),
        read_timeout_(read_timeout),
        write_timeout_(write_timeout) {}
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }
  // Whether a byte is buffered or arrives within `timeout` (false on EOF-less silence).
  bool wait_readable(std::chrono::microseconds timeout) const;
  // Writes all of `bytes`; false when the client stops reading for longer than the timeout.
  bool write_all(std::string_view bytes);

 private:
  int fd_;
  std::string buffer_;
  size_t offset_ = 0;
  const Peer& peer_;
  std::chrono::microseconds read_timeout_;
  std::chrono::microseconds write_timeout_;
};

}  // namespace bareme::serve
