// Fuzz target `json`: any bytes as the JSON application of `bareme eval` for ADVENIR (dates,
// money, enums, quantities, a list of records); a good application is evaluated and explained.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fixed_scheme.hpp"
#include "inputs/application.hpp"
#include "inputs/json.hpp"
#include "interp/interp.hpp"
#include "report/results.hpp"

// The scheme compiles before the first input, outside libFuzzer's 1 s limit per input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)bareme::fuzz::fixed_scheme("schemes/advenir.bareme");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bareme;
  const auto& fixed = fuzz::fixed_scheme("schemes/advenir.bareme");
  auto parsed = inputs::parse_json(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto* document = std::get_if<inputs::Json>(&parsed);
  if (!document) return 0;
  (void)inputs::read_application(fixed.program(), *document, /*require_all=*/true);
  const auto read = inputs::read_application(fixed.program(), *document, /*require_all=*/false);
  if (!read.errors.empty()) {
    (void)report::input_errors_json(read.errors);
    return 0;
  }
  const auto result = interp::evaluate(fixed.program(), fixed.scheme, read.app, {.trace = true});
  (void)report::result_json(result, fixed.compilation->sources);
  (void)report::explain_json(result, fixed.compilation->sources);
  return 0;
}
