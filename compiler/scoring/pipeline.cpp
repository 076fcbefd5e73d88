// The scoring pipeline: this thread cuts the input into blocks; workers parse, evaluate and
// format each block; this thread then takes the blocks in input order, numbers the rows and
// writes them. Memory stays bounded by the blocks in flight.
#include "scoring/pipeline.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <iostream>
#include <thread>

#include "diag/clip.hpp"
#include "readers/csv.hpp"
#include "readers/rows.hpp"
#include "scoring/shards.hpp"

namespace bareme::scoring {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void report_progress(const readers::BlockReader& blocks, size_t rows, size_t bytes_done,
                     std::chrono::steady_clock::time_point started) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string line =
      fmt::format("{} rows, {:.0f} rows/s", rows, static_cast<double>(rows) / seconds);
  if (const auto total = blocks.total_bytes(); total && bytes_done > 0 && *total > bytes_done) {
    const double eta =
        seconds * static_cast<double>(*total - bytes_done) / static_cast<double>(bytes_done);
    line += fmt::format(", {:.0f} % read, about {:.0f} s left",
                        100.0 * static_cast<double>(bytes_done) / static_cast<double>(*total), eta);
  }
  std::cerr << "\r\x1b[K" << line << std::flush;
}

// Reads the CSV header off the first block; false after saying why it is unusable.
bool read_header(const ir::Program& program, Input& in, bool strict, std::ostream& err) {
  readers::CsvRecord record;
  size_t pos = 0, line = 1;
  std::string& bytes = in.first->chunk.bytes;
  if (in.any) readers::parse_csv_record(bytes.data(), bytes.size(), pos, line, record);
  if (!in.any || readers::is_blank(record)) {
    err << "bareme score: the CSV input is empty: its first line must name the inputs\n";
    return false;
  }
  if (readers::lines_end_with_cr_only(std::string_view(bytes).substr(0, pos))) {
    err << "bareme score: " << readers::kCrOnlyHint << '\n';
    return false;
  }
  if (!record.error.empty()) {
    err << "bareme score: the CSV header is malformed: " << record.error << '\n';
    return false;
  }
  in.header.assign(record.fields.begin(), record.fields.end());
  if (auto problem = readers::csv_header_problem(program, in.header, strict)) {
    err << "bareme score: " << diag::clip_quoted(*problem) << '\n';
    return false;
  }
  if (auto warning = readers::csv_ignored_columns(program, in.header))
    err << "bareme score: " << diag::clip_quoted(*warning) << '\n';
  bytes.erase(0, pos);
  in.first->chunk.first_line = line;
  return true;
}

// Replaces the input's reader by one over its shard's bytes; false after saying why it cannot.
bool cut_shard(Input& in, const ScoreOptions& o, size_t data_start, size_t data_line) {
  char bom[3] = {};
  if (::pread(in.fd, bom, 3, 0) == 3 && std::string_view(bom, 3) == "\xEF\xBB\xBF") data_start += 3;
  std::string error;
  const auto range = find_shard(in.fd, !in.jsonl, data_start, data_line, *o.shard, error);
  if (!range || ::lseek(in.fd, static_cast<off_t>(range->begin), SEEK_SET) < 0) {
    o.errors() << fmt::format("bareme score: `{}`: {}\n", o.input,
                              error.empty() ? "cannot read the file" : error);
    return false;
  }
  in.blocks = std::make_unique<readers::BlockReader>(in.fd, !in.jsonl, range->end - range->begin,
                                            range->first_line);
  if (o.block_bytes) in.blocks->set_block_bytes(o.block_bytes);
  in.first = std::make_unique<Job>();
  in.any = in.blocks->next(in.first->chunk.bytes, in.first->chunk.first_line);
  in.first->chunk.skipped = in.blocks->skipped();
  in.rows_before = range->rows_before;
  if (!in.blocks->error().empty()) {
    o.errors() << fmt::format("bareme score: `{}`: {}\n", o.input, in.blocks->error());
    return false;
  }
  return true;
}

}  // namespace

std::ostream& ScoreOptions::errors() const { return messages ? *messages : std::cerr; }

std::string format_of(const std::string& explicit_format, const std::string& path) {
  if (!explicit_format.empty()) return explicit_format;
  return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ? "jsonl" : "csv";
}

Input::~Input() {
  if (fd >= 0 && fd != STDIN_FILENO) ::close(fd);
}

std::unique_ptr<Input> open_input(const ir::Program& program, const ScoreOptions& o) {
  auto in = std::make_unique<Input>();
  in->fd = o.input_fd >= 0 ? o.input_fd : o.input == "-" ? STDIN_FILENO : ::open(o.input.c_str(), O_RDONLY | O_CLOEXEC);
  if (in->fd < 0) {
    o.errors() << fmt::format("bareme score: cannot read `{}`\n", o.input);
    return nullptr;
  }
  // Pipes and FIFOs are streams to score; a folder or a device (/dev/zero never ends) is not.
  struct stat st {};
  if (in->fd != STDIN_FILENO && ::fstat(in->fd, &st) == 0 &&
      (S_ISDIR(st.st_mode) || ((S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) && !isatty(in->fd)))) {
    o.errors() << fmt::format("bareme score: cannot read `{}`: it is {}\n", o.input,
                             S_ISDIR(st.st_mode) ? "a folder"
                                                 : "a device (to score what it gives, pipe it "
                                                   "to `--input -`)");
    return nullptr;
  }
  in->jsonl = format_of(o.input_format, o.input) == "jsonl";
  in->blocks = std::make_unique<readers::BlockReader>(in->fd, !in->jsonl);
  if (o.block_bytes) in->blocks->set_block_bytes(o.block_bytes);
  in->first = std::make_unique<Job>();
  in->any = in->blocks->next(in->first->chunk.bytes, in->first->chunk.first_line);
  if (!in->blocks->error().empty()) {
    o.errors() << fmt::format("bareme score: `{}`: {}\n", o.input, in->blocks->error());
    return nullptr;
  }
  in->first->chunk.skipped = in->blocks->skipped();
  if (!in->jsonl && !in->blocks->skipped().empty()) {
    o.errors() << fmt::format("bareme score: `{}`: the CSV header is unreadable: {}\n", o.input,
                             in->blocks->skipped());
    return nullptr;
  }
  in->program = &program;
  const size_t first_bytes = in->first->chunk.bytes.size();
  if (!in->jsonl && !read_header(program, *in, o.strict, o.errors())) return nullptr;
  if (o.shard && o.shard->count > 1 &&
      !cut_shard(*in, o, first_bytes - in->first->chunk.bytes.size(), in->first->chunk.first_line))
    return nullptr;
  return in;
}

bool open_output(const ScoreOptions& o, Output& output) {
  output.jsonl = format_of(o.output_format, o.output == "-" ? "" : o.output) == "jsonl";
  if (o.output_stream) {
    output.jsonl = format_of(o.output_format, "") == "jsonl";
    output.stream = o.output_stream;
  } else if (o.output == "-") {
    output.stream = &std::cout;
  } else if (!o.output.empty()) {
    output.file.open(o.output, std::ios::binary);
    if (!output.file) {
      o.errors() << fmt::format("bareme score: cannot write `{}`\n", o.output);
      return false;
    }
    output.stream = &output.file;
  }
  return true;
}

int run_pipeline(Input& input, const ScoreOptions& o, std::function<void(Job&)> work,
                 const std::function<Taken(Job&)>& take, std::ostream* out, std::string written,
                 std::string_view number_prefix) {
  readers::BlockReader& blocks = *input.blocks;
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  int status = 0;
  size_t bytes_done = 0, rows = input.rows_before;
  {
    const unsigned threads =
        o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    Workers workers(std::move(work), threads);
    std::deque<std::unique_ptr<Job>> in_flight;
    std::vector<std::unique_ptr<Job>> spare;
    input.first->bytes = input.first->chunk.bytes.size();
    in_flight.push_back(std::move(input.first));
    workers.submit(in_flight.back().get());
    bool more = input.any;
    while (!in_flight.empty() && status == 0) {
      while (more && in_flight.size() < 2 * threads + 1) {
        auto job = spare.empty() ? std::make_unique<Job>() : std::move(spare.back());
        if (!spare.empty()) spare.pop_back();
        more = blocks.next(job->chunk.bytes, job->chunk.first_line);
        if (!more) break;
        job->chunk.skipped = blocks.skipped();
        job->chunk.lines = blocks.block_lines();
        job->bytes = job->chunk.bytes.size();
        in_flight.push_back(std::move(job));
        workers.submit(in_flight.back().get());
      }
      Job& job = *in_flight.front();
      workers.wait(&job);
      const Taken taken = take(job);
      if (taken.stop) status = 1;
      input.ignored.take(job.chunk.ignored, rows + 1, taken.rows);
      for (size_t k = 0; k < taken.rows && out; ++k) {
        written += number_prefix;
        const fmt::format_int number(rows + k + 1);
        written.append(number.data(), number.size());
        written.append(job.text, k ? job.ends[k - 1] : 0, job.ends[k] - (k ? job.ends[k - 1] : 0));
      }
      rows += taken.rows;
      if (out && written.size() > (1 << 20)) {
        out->write(written.data(), static_cast<std::streamsize>(written.size()));
        written.clear();
      }
      bytes_done += job.bytes;
      job.recycle();  // its buffers keep their capacity for the next block
      spare.push_back(std::move(in_flight.front()));
      in_flight.pop_front();
      const auto now = std::chrono::steady_clock::now();
      if (o.progress && now - last_report > std::chrono::seconds(1)) {
        last_report = now;
        report_progress(blocks, rows - input.rows_before, bytes_done, started);
      }
    }
    for (auto& job : in_flight) workers.wait(job.get());  // stopped early: let the workers finish
  }
  if (o.progress) o.errors() << "\r\x1b[K";
  if (auto warning = input.ignored.warning(*input.program))
    o.errors() << "bareme score: " << diag::clip_quoted(*warning) << '\n';
  if (out) {
    out->write(written.data(), static_cast<std::streamsize>(written.size()));
    out->flush();
  }
  if (!blocks.error().empty()) {
    o.errors() << fmt::format("bareme score: `{}`: {}\n", o.input, blocks.error());
    status = 2;
  }
  return status;
}

int report_summary(const std::string& text, const std::string& json, const std::string& path, int status,
                   std::ostream& err) {
  err << text;
  if (path.empty()) return status;
  std::ofstream s(path, std::ios::binary);
  if (!s) {
    err << fmt::format("bareme score: cannot write `{}`\n", path);
    return 2;
  }
  s << json;
  return status;
}

}  // namespace bareme::scoring
