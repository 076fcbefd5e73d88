// The pipeline both `score` and `score --all` run: the input opened and its CSV header checked,
// blocks cut by this thread, processed by workers, then taken back in input order, numbered
// and written. What a worker does and what the in-order side adds up are the caller's.
#pragma once

#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.hpp"
#include "readers/blocks.hpp"
#include "scoring/score.hpp"
#include "readers/unknown_names.hpp"
#include "scoring/workers.hpp"

namespace bareme::scoring {

// `csv` or `jsonl`: the explicit format, else from the path's extension (csv for none).
std::string format_of(const std::string& explicit_format, const std::string& path);

// An open input, its first block read and, in CSV, its header checked against the inputs.
struct Input {
  int fd = -1;
  bool jsonl = false;
  std::unique_ptr<readers::BlockReader> blocks;
  std::unique_ptr<Job> first;  // the first block, header removed
  bool any = false;            // the input holds something after the header
  std::vector<std::string> header;
  size_t rows_before = 0;  // --shard: the file's rows before the shard's first
  const ir::Program* program = nullptr;
  readers::IgnoredTally ignored;  // JSON Lines: the members ignored over the run (run_pipeline)
  Input() = default;
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;
  ~Input();
};

// Opens `options.input`; on a problem (unreadable, a folder, an empty or mismatched CSV
// header, a stream given to --shard) prints it on stderr and returns nothing: exit status 2.
// CSV columns naming no input are said in one warning (an error with `options.strict`). With
// `options.shard`, only the shard's rows are read, numbered as in the whole file.
std::unique_ptr<Input> open_input(const ir::Program& program, const ScoreOptions& options);

// `options.output` opened: standard output, a file, or nothing (`stream` null). False after
// printing that the file cannot be written.
struct Output {
  std::ofstream file;
  std::ostream* stream = nullptr;
  bool jsonl = false;
};
bool open_output(const ScoreOptions& options, Output& output);

// What the in-order side takes of a finished block: its first `rows` rows; `stop` ends the
// run after them (--max-errors).
struct Taken {
  size_t rows = 0;
  bool stop = false;
};

// Runs every block through `work` on the workers and hands each finished block to `take`, in
// input order; writes `header`, then each row taken as `number_prefix`, its number (from 1)
// and the text the worker formatted. Returns 0, 1 when `take` stopped the run, 2 when the
// input failed part way (said on stderr). The JSON members ignored in the rows taken are said
// in one warning at the end.
int run_pipeline(Input& input, const ScoreOptions& options, std::function<void(Job&)> work,
                 const std::function<Taken(Job&)>& take, std::ostream* out, std::string header,
                 std::string_view number_prefix);

// Prints a run's summary on `err` and writes its JSON to `path` (empty: nowhere); `status`, or
// 2 when the file cannot be written.
int report_summary(const std::string& text, const std::string& json, const std::string& path, int status,
                   std::ostream& err);

}  // namespace bareme::scoring
