// JSON error answers and the HTTP status of each ABI failure.
#include "service.hpp"

#include <nlohmann/json.hpp>

namespace bareme::serve {

void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message) {
  res.status = status;
  res.set_content(error_json(code, message), "application/json");
}

std::pair<int, const char*> status_of(bareme_status status) {
  switch (status) {
    case BAREME_BAD_JSON:
      return {400, "bad_json"};
    case BAREME_BAD_INPUT:
      return {400, "bad_input"};
    case BAREME_UNKNOWN_NAME:
      return {400, "unknown_name"};
    case BAREME_BAD_COLUMN:
      return {400, "bad_input"};
    case BAREME_BAD_OPTION:
      return {400, "bad_option"};
    default:
      return {500, "internal"};
  }
}

}  // namespace bareme::serve
