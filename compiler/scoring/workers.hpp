// The workers of `bareme score`: each takes a block of the input, reads it into a batch,
// evaluates it with the JIT or the interpreter, and formats its rows; the scorer takes the
// blocks back in input order.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/batch.hpp"
#include "scoring/catalogue_summary.hpp"
#include "scoring/jit_variants.hpp"
#include "scoring/output.hpp"
#include "readers/rows.hpp"
#include "scoring/score.hpp"
#include "scoring/targets.hpp"

namespace bareme::scoring {

// One block on its way through the pipeline.
struct Job {
  readers::Chunk chunk;
  size_t bytes = 0;
  engine::Outputs outputs;
  // `score --all`: the outputs of every scheme and level (Catalogue::targets), and per good
  // row the total of the top levels.
  std::vector<engine::Outputs> targets;
  RowTotals totals;
  // `score --all`: what the block adds to the summary, whether it was evaluated in slices (then
  // `targets` and `totals` hold the last slice only), and per good row whether its total
  // cannot be decided.
  std::unique_ptr<CatalogueSummary> partial;
  bool sliced = false;
  std::vector<uint8_t> undecided;
  std::string text;            // the rows after their numbers, when rows are written
  std::vector<uint32_t> ends;  // where each row's text ends
  std::unordered_map<uint64_t, std::string> failed_texts;  // kept across blocks
  bool done = false;

  void recycle() {
    chunk.rows.clear();
    chunk.errors.clear();
    chunk.ignored.clear();
    text.clear();
    ends.clear();
    done = false;
  }
};

// What the workers share: the reader, the engine, the format.
struct Work {
  const ir::Program& program;
  ir::Index scheme;
  const ScoreOptions& options;
  const readers::RowReader& reader;
  const RowFormat* format;  // null when no rows are written
  JitVariants* jit = nullptr;  // null: the interpreter reads and evaluates every row
  engine::OutputShape shape;  // engine::output_shape(program, scheme)

  void run(Job& job) const;
  void interpret(interp::Application& app, engine::Outputs& out, size_t r) const;
  // The interpreter's message for a row that ended in runtime error `code`; empty if it differs.
  std::string error_message(interp::Application app, uint8_t code) const;
  std::string param_error_message(uint8_t code, int64_t detail) const;
};

// Worker threads taking jobs in turn; each job is marked done when processed by `work`.
class Workers {
 public:
  Workers(std::function<void(Job&)> work, unsigned count);
  ~Workers();
  void submit(Job* job);
  void wait(Job* job);

 private:
  void loop();
  std::function<void(Job&)> work_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<Job*> queue_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace bareme::scoring
