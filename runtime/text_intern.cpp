// A process-wide table of interned texts.
#include "runtime/text_intern.hpp"

#include <mutex>
#include <string>
#include <unordered_map>

namespace bareme::runtime {

int64_t intern_text(std::string_view text) {
  static std::mutex mutex;
  static std::unordered_map<std::string, int64_t> ids;
  std::lock_guard lock(mutex);
  auto [it, inserted] = ids.try_emplace(std::string(text), static_cast<int64_t>(ids.size() + 1));
  return it->second;
}

}  // namespace bareme::runtime
