// Fuzz target `repl`: any bytes as a REPL script on the brief's Flexitanie, cut into lines and
// gathered into inputs as `bareme repl` does (continuation lines while an input is incomplete).
// Commands that read or write files or run for a time their argument sets (:load, :save,
// :score, :simulate), and :prove (the solver runs for seconds), are skipped: they are not what
// this target is for. At most 32 inputs run per script, since a `let` compiles the loaded scheme
// again (the 1 s limit per script is on the target, not the REPL).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fixed_scheme.hpp"
#include "repl_session.hpp"

namespace {

constexpr int kMaxInputs = 32;

bool skipped(std::string_view input) {
  const size_t start = input.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  input.remove_prefix(start);
  for (std::string_view command : {":load", ":save", ":score", ":simulate", ":prove"}) {
    if (input.substr(0, command.size()) == command) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using bareme::tools::ReplSession;
  ReplSession session(bareme::fuzz::library_paths(), /*color=*/false);
  (void)session.load(std::string(BAREME_SOURCE_DIR) + "/tests/check/flexitanie_brief.bareme");
  const std::string_view script(reinterpret_cast<const char*>(data), size);
  std::string pending;
  size_t start = 0;
  int inputs = 0;
  while (start < script.size() && !session.quit() && inputs < kMaxInputs) {
    size_t end = script.find('\n', start);
    if (end == std::string_view::npos) end = script.size();
    const std::string_view line = script.substr(start, end - start);
    start = end + 1;
    pending += pending.empty() ? std::string(line) : "\n" + std::string(line);
    if (ReplSession::needs_more(pending + "\n")) continue;
    if (!skipped(pending)) (void)session.handle(pending);
    pending.clear();
    ++inputs;
  }
  if (!pending.empty() && !skipped(pending) && !session.quit() && inputs < kMaxInputs) (void)session.handle(pending);
  return 0;
}
