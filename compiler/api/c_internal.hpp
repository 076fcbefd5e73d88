// What the C ABI's files share: the opaque structs behind bareme.h and the boundary guard that
// turns every failure into a status and a message.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bareme/bareme.h"
#include "driver/compile.hpp"
#include "jit/jit.hpp"
#include "runtime/value.hpp"

struct bareme_error {
  bareme_status status = BAREME_OK;
  std::string message;
};

// The JIT-compiled evaluator of one scheme, made once on first need (std::call_once).
struct BaremeCompiled {
  std::once_flag once;
  std::shared_ptr<const bareme::jit::CompiledScheme> compiled;  // null when the JIT refused
  std::string refusal;
};

struct bareme_scheme {
  std::shared_ptr<const bareme::driver::Compilation> compilation;
  // The scheme evaluated; none for a catalogue loaded without a scheme name (describe only,
  // and score_text scores every aid).
  std::optional<bareme::ir::Index> scheme;
  std::string path;
  // Parameter values that replace the files' (bareme_with_parameters), indexed like params.
  std::vector<std::optional<bareme::runtime::Value>> overrides;
  std::unique_ptr<BaremeCompiled> jit = std::make_unique<BaremeCompiled>();

  const bareme::ir::Program& program() const { return *compilation->program; }
  // The compiled evaluator, compiled on the first call; null when the JIT refuses the scheme.
  const bareme::jit::CompiledScheme* compiled() const;
};

namespace bareme::capi {

// A failure to report: thrown inside the library only, caught by guard().
struct Failure {
  bareme_status status;
  std::string message;
};
[[noreturn]] void fail(bareme_status status, std::string message);
// Fails with BAREME_NULL_ARGUMENT when `p` is null.
void require(const void* p, const char* name);

// Runs `body`, turning a Failure or any exception into a status with *error set.
template <class F>
bareme_status guard(bareme_error** error, F&& body) noexcept;
bareme_status report(bareme_error** error, bareme_status status, std::string message) noexcept;

// A copy of `text` the caller frees with bareme_free; fails when memory runs out.
char* copy_out(const std::string& text);

// The evaluation's options with defaults, checked: as_of read, engine in range.
struct Options {
  std::optional<runtime::Days> as_of;
  unsigned threads = 0;
  unsigned engine = 0;
  uint64_t max_steps = 0;
  double time_limit_seconds = 60;
  bool strict = false;
};
Options read_options(const bareme_options* options);
// The scheme to evaluate; fails for a catalogue loaded without a scheme name.
ir::Index evaluated_scheme(const bareme_scheme* scheme);

template <class F>
bareme_status guard(bareme_error** error, F&& body) noexcept {
  if (error) *error = nullptr;
  try {
    body();
    return BAREME_OK;
  } catch (const Failure& f) {
    return report(error, f.status, f.message);
  } catch (const std::bad_alloc&) {
    return report(error, BAREME_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return report(error, BAREME_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return report(error, BAREME_INTERNAL, "internal error");
  }
}

}  // namespace bareme::capi
