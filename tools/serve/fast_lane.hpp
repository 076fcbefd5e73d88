// The event loop's fast lane: a whole POST /schemes/{name}/evaluate, /explain or /missing read
// straight from its bytes and answered without cpp-httplib's request objects, the hot path of
// the service. Any other request, or one it would refuse, is left to cpp-httplib's routes.
#pragma once

#include <string>
#include <string_view>

#include "service.hpp"

namespace bareme::serve {

// Answers `request` (one whole request, as framed by frame_request) into `out` and returns true;
// `close` says whether the connection ends after it. Returns false, writing nothing, when the
// request is not a well-formed, authorised HTTP/1.1 evaluation within the body limit.
// `keep_alive` is the Keep-Alive header line written when the connection stays open.
bool answer_fast(Service& service, std::string_view request, const std::string& peer_ip,
                 bool last_on_connection, const std::string& keep_alive, std::string& out,
                 bool& close);

// The answer to a request the loop refuses to frame (bare line breaks, two Content-Length):
// 400 with Connection: close, logged and counted.
std::string answer_bad_framing(Service& service, const std::string& peer_ip);

}  // namespace bareme::serve
