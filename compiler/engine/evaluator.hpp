// One scheme ready to evaluate applications in bulk: through its compiled batch function, or
// through the interpreter when the JIT refused the scheme. Both give the same rows.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/batch.hpp"

namespace bareme::engine {

struct Evaluator {
  const ir::Program& program;
  ir::Index scheme;
  runtime::BatchFunction jit = nullptr;  // null: the interpreter evaluates every row
  OutputShape shape;                     // engine::output_shape(program, scheme)
  // Parameter values replacing the files' (a reform); the compiled function has them built in.
  std::vector<std::optional<runtime::Value>> param_overrides;
  std::shared_ptr<const void> code;  // keeps `jit`'s machine code (jit::CompiledScheme::code)

  // One result per application, in order, on `threads` threads (0: every core).
  std::vector<RowResult> run(const std::vector<interp::Application>& apps,
                             unsigned threads = 0) const;
};

// Runs `work` on the calling thread and threads - 1 others, then joins them; when the system
// gives fewer threads, those started run `work` (which takes its items from a shared counter).
void run_on_threads(unsigned threads, const std::function<void()>& work);

// The interpreter's results for `apps`, on `threads` threads (0: every core).
std::vector<RowResult> interpret_all(const ir::Program& program, ir::Index scheme,
                                     const std::vector<interp::Application>& apps,
                                     const std::vector<std::optional<runtime::Value>>& overrides,
                                     unsigned threads = 0);

}  // namespace bareme::engine
