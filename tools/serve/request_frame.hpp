// Framing of HTTP/1.1 requests read by the event loop: whether the bytes buffered so far hold
// one whole request that the loop may answer itself, and how long it is.
#pragma once

#include <cstddef>
#include <string_view>

namespace bareme::serve {

enum class Frame {
  incomplete,  // the head or the body is not all there yet
  whole,       // one whole request of `length` bytes, answered on the loop thread
  hand_off,    // the connection goes to a blocking thread: chunked, Expect, /score, odd headers
  bad,         // a line break without its carriage return (or the reverse), or two
               // Content-Length: where it ends is ambiguous, so it is refused and the
               // connection closed
};

struct FrameResult {
  Frame frame = Frame::incomplete;
  size_t length = 0;  // bytes of the request (head and body) when `whole`
};

// Looks at the start of `buffered`. A request is answered on the loop only when its head and
// its Content-Length body are all buffered and it neither streams (Transfer-Encoding, Expect,
// /score, an encoded path) nor repeats Content-Length; everything else goes to the blocking
// path, where cpp-httplib reads it as before. `max_head` bounds the head looked for.
FrameResult frame_request(std::string_view buffered, size_t max_head);

}  // namespace bareme::serve
