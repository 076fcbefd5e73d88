// Bulk evaluation through the JIT's batch function or, when there is none, the interpreter.
#include "engine/evaluator.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

namespace bareme::engine {

void run_on_threads(unsigned threads, const std::function<void()>& work) {
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error&) {  // no more threads: those started share the work
      break;
    }
  }
  work();
  for (auto& t : pool) t.join();
}

std::vector<RowResult> interpret_all(const ir::Program& program, ir::Index scheme,
                                     const std::vector<interp::Application>& apps,
                                     const std::vector<std::optional<runtime::Value>>& overrides,
                                     unsigned threads) {
  std::vector<RowResult> rows(apps.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads =
      static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, apps.size() / 256)));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t r = next++; r < apps.size(); r = next++) {
      if (overrides.empty()) {
        rows[r] = interpreter_row(program, scheme, apps[r]);
        continue;
      }
      interp::Application app = apps[r];
      app.param_overrides = overrides;
      rows[r] = interpreter_row(program, scheme, app);
    }
  };
  run_on_threads(threads, work);
  return rows;
}

std::vector<RowResult> Evaluator::run(const std::vector<interp::Application>& apps,
                                      unsigned threads) const {
  if (jit == nullptr) return interpret_all(program, scheme, apps, param_overrides, threads);
  Batch batch(program);
  for (const auto& a : apps) batch.append(a);
  return run_compiled(jit, shape, batch, threads);
}

}  // namespace bareme::engine
