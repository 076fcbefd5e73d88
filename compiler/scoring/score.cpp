// Scoring as a pipeline: this thread cuts the input into blocks; workers parse, evaluate and
// format each block; this thread then takes the blocks in input order, numbers the rows,
// writes them and adds them to the summary. Memory stays bounded by the blocks in flight.
#include "scoring/score.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "diag/clip.hpp"
#include "diag/suggest.hpp"
#include "jit/jit.hpp"
#include "report/results.hpp"
#include "scoring/blocks.hpp"
#include "scoring/output.hpp"
#include "scoring/rows.hpp"
#include "scoring/summary.hpp"
#include "scoring/workers.hpp"

namespace bareme::scoring {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string format_of(const std::string& explicit_format, const std::string& path) {
  if (!explicit_format.empty()) return explicit_format;
  return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ? "jsonl" : "csv";
}

void report_progress(const BlockReader& blocks, size_t rows, size_t bytes_done,
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

}  // namespace

std::string fallback_warning(const jit::Refusal& refusal, const source::SourceManager* sources,
                             std::string_view doing) {
  const std::string where = sources ? report::location(*sources, refusal.span) : "";
  return fmt::format("warning: {}{}; {} with the interpreter (slower)\n", refusal.message,
                     where.empty() ? "" : " (" + where + ")", doing);
}

int score(const ir::Program& program, ir::Index scheme, const ScoreOptions& o) {
  const auto aids = aid_columns(program, scheme, o.combine);
  if (!aids) {
    std::vector<std::string> names;
    for (const auto& c : program.combines) {
      if (c.module == program.schemes[scheme].module) names.push_back(c.name);
    }
    std::string message =
        fmt::format("bareme score: --combine {}: the scheme's file has no such combine", o.combine);
    if (auto best = diag::closest(o.combine, names))
      message += fmt::format("; did you mean \"{}\"?", *best);
    std::cerr << message << (names.empty() ? " (it has none)\n" : "\n");
    return 2;
  }
  const int fd = o.input == "-" ? STDIN_FILENO : ::open(o.input.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::cerr << fmt::format("bareme score: cannot read `{}`\n", o.input);
    return 2;
  }
  struct Closer {
    int fd;
    ~Closer() {
      if (fd != STDIN_FILENO) ::close(fd);
    }
  } closer{fd};
  // Pipes and FIFOs are streams to score; a folder or a device (/dev/zero never ends) is not.
  struct stat st {};
  if (fd != STDIN_FILENO && ::fstat(fd, &st) == 0 &&
      (S_ISDIR(st.st_mode) || ((S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) && !isatty(fd)))) {
    std::cerr << fmt::format("bareme score: cannot read `{}`: it is {}\n", o.input,
                             S_ISDIR(st.st_mode) ? "a folder"
                                                 : "a device (to score what it gives, pipe it "
                                                   "to `--input -`)");
    return 2;
  }
  const bool jsonl = format_of(o.input_format, o.input) == "jsonl";
  BlockReader blocks(fd, !jsonl);
  auto first = std::make_unique<Job>();
  const bool any = blocks.next(first->chunk.bytes, first->chunk.first_line);
  if (!blocks.error().empty()) {
    std::cerr << fmt::format("bareme score: `{}`: {}\n", o.input, blocks.error());
    return 2;
  }
  first->chunk.skipped = blocks.skipped();
  if (!jsonl && !blocks.skipped().empty()) {
    std::cerr << fmt::format("bareme score: `{}`: the CSV header is unreadable: {}\n", o.input,
                             blocks.skipped());
    return 2;
  }
  std::vector<std::string> header;
  if (!jsonl) {
    // The header is the first record; the rest of the first block is data.
    CsvRecord record;
    size_t pos = 0, line = 1;
    if (any)
      parse_csv_record(first->chunk.bytes.data(), first->chunk.bytes.size(), pos, line, record);
    if (!any || is_blank(record)) {
      std::cerr << "bareme score: the CSV input is empty: its first line must name the inputs\n";
      return 2;
    }
    if (lines_end_with_cr_only(std::string_view(first->chunk.bytes).substr(0, pos))) {
      std::cerr << "bareme score: " << kCrOnlyHint << '\n';
      return 2;
    }
    if (!record.error.empty()) {
      std::cerr << "bareme score: the CSV header is malformed: " << record.error << '\n';
      return 2;
    }
    header.assign(record.fields.begin(), record.fields.end());
    if (auto problem = csv_header_problem(program, header)) {
      std::cerr << "bareme score: " << diag::clip_quoted(*problem) << '\n';
      return 2;
    }
    first->chunk.bytes.erase(0, pos);
    first->chunk.first_line = line;
  }
  std::shared_ptr<const jit::CompiledScheme> compiled;
  if (o.use_jit) {
    jit::CompileOptions options;
    options.param_overrides = o.param_overrides;
    auto c = jit::compile(program, scheme, options);
    if (auto* refusal = std::get_if<jit::Refusal>(&c))
      std::cerr << fallback_warning(*refusal, o.sources, "scoring");
    else
      compiled = std::get<std::shared_ptr<const jit::CompiledScheme>>(c);
  }
  const RowReader reader(program, jsonl, header, compiled != nullptr);
  Work work{program,
            scheme,
            o,
            reader,
            nullptr,
            compiled ? compiled->function : nullptr,
            engine::output_shape(program, scheme)};
  std::ofstream out_file;
  std::ostream* out = nullptr;
  if (o.output == "-") {
    out = &std::cout;
  } else if (!o.output.empty()) {
    out_file.open(o.output, std::ios::binary);
    if (!out_file) {
      std::cerr << fmt::format("bareme score: cannot write `{}`\n", o.output);
      return 2;
    }
    out = &out_file;
  }
  const RowFormat format(program, scheme,
                         format_of(o.output_format, o.output == "-" ? "" : o.output) == "jsonl",
                         *aids);
  if (out) work.format = &format;
  std::string written = out ? format.header() : std::string();
  Summary summary(program, scheme, aids);
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  int status = 0;
  size_t bytes_done = 0;
  {
    const unsigned threads =
        o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    Workers workers(work, threads);
    std::deque<std::unique_ptr<Job>> in_flight;
    std::vector<std::unique_ptr<Job>> spare;
    first->bytes = first->chunk.bytes.size();
    in_flight.push_back(std::move(first));
    workers.submit(in_flight.back().get());
    bool more = any;
    while (!in_flight.empty() && status == 0) {
      while (more && in_flight.size() < 2 * threads + 1) {
        auto job = spare.empty() ? std::make_unique<Job>() : std::move(spare.back());
        if (!spare.empty()) spare.pop_back();
        more = blocks.next(job->chunk.bytes, job->chunk.first_line);
        if (!more) break;
        job->chunk.skipped = blocks.skipped();
        job->bytes = job->chunk.bytes.size();
        in_flight.push_back(std::move(job));
        workers.submit(in_flight.back().get());
      }
      Job& job = *in_flight.front();
      workers.wait(&job);
      const Chunk& c = job.chunk;
      for (size_t k = 0; k < c.rows.size(); ++k) {
        const int32_t row = c.rows[k];
        if (row < 0)
          summary.add_input_error();
        else
          summary.add(job.outputs, static_cast<size_t>(row));
        if (out) {
          written += format.number_prefix();
          const fmt::format_int number(summary.rows());
          written.append(number.data(), number.size());
          written.append(job.text, k ? job.ends[k - 1] : 0,
                         job.ends[k] - (k ? job.ends[k - 1] : 0));
        }
        if (summary.errors() > o.max_errors) {
          std::cerr << fmt::format(
              "bareme score: stopped at row {}: more than {} errors (--max-errors)\n",
              summary.rows(), o.max_errors);
          status = 1;
          break;
        }
      }
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
        report_progress(blocks, summary.rows(), bytes_done, started);
      }
    }
    for (auto& job : in_flight) workers.wait(job.get());  // stopped early: let the workers finish
  }
  if (o.progress) std::cerr << "\r\x1b[K";
  if (out) {
    out->write(written.data(), static_cast<std::streamsize>(written.size()));
    out->flush();
  }
  if (!blocks.error().empty()) {
    std::cerr << fmt::format("bareme score: `{}`: {}\n", o.input, blocks.error());
    status = 2;
  }
  std::cerr << summary.text();
  if (!o.summary_path.empty()) {
    std::ofstream s(o.summary_path, std::ios::binary);
    if (!s) {
      std::cerr << fmt::format("bareme score: cannot write `{}`\n", o.summary_path);
      return 2;
    }
    s << summary.json();
  }
  return status;
}

}  // namespace bareme::scoring
