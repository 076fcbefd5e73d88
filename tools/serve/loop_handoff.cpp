// LoopServer's blocking side: connections handed off by a loop, served by cpp-httplib's request
// processing on a pool thread until they close.
#include <sys/socket.h>
#include <unistd.h>

#include "loop_server.hpp"

namespace bareme::serve {

void LoopServer::hand_off(Connection&& c, std::string pending_output, bool close_after) {
  const int fd = c.fd;
  {
    std::lock_guard lock(handed_off_mutex_);
    handed_off_.insert(fd);
  }
  pool_->enqueue([this, fd, input = std::move(c.input), peer = std::move(c.peer),
                  output = std::move(pending_output), served = c.served, close_after]() mutable {
    serve_blocking(fd, std::move(input), std::move(peer), std::move(output), served, close_after);
  });
}

void LoopServer::serve_blocking(int fd, std::string buffered, Peer peer, std::string pending_output,
                                size_t served, bool close_after) {
  SocketStream stream(fd, std::move(buffered), peer, settings_.read_timeout,
                      settings_.write_timeout);
  bool open = (pending_output.empty() || stream.write_all(pending_output)) && !close_after;
  while (open && !stopping_ && served < settings_.keep_alive_max &&
         stream.wait_readable(settings_.keep_alive)) {
    bool closed = false;
    const bool last = served + 1 >= settings_.keep_alive_max;
    take_close_mark();
    open = process_request(stream, last || stopping_, closed, nullptr) && !closed;
    // An answer that says `Connection: close` (a refusal before the body was read) ends it:
    // the unread body must never be taken for the next request.
    if (take_close_mark()) open = false;
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
