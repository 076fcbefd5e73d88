// Fuzz targets `csv` and `jsonl` (BAREME_FUZZ_JSONL 0 or 1): any bytes as the input of
// `bareme score` for ADVENIR, cut into blocks from a file descriptor, the CSV header checked,
// each block read twice: by the columnar fast path for the JIT and by the general reader for
// the interpreter. Both must give the same output rows, byte for byte.
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "fixed_scheme.hpp"
#include "jit/jit.hpp"
#include "readers/blocks.hpp"
#include "scoring/output.hpp"
#include "readers/rows.hpp"
#include "scoring/workers.hpp"

namespace {

using namespace bareme;
constexpr bool kJsonl = BAREME_FUZZ_JSONL;

struct Engines {
  const fuzz::FixedScheme& fixed = fuzz::fixed_scheme("schemes/advenir.bareme");
  std::shared_ptr<const jit::CompiledScheme> compiled;
  // Both variants, as `score` runs them on a long input: the dense one for the blocks that give
  // every input, the general one for the others.
  std::unique_ptr<scoring::JitVariants> variants;
  scoring::AidColumns aids;
  Engines() {
    auto c = jit::compile(fixed.program(), fixed.scheme);
    if (auto* why = std::get_if<jit::Refusal>(&c)) {
      std::fprintf(stderr, "fuzz: the JIT cannot compile ADVENIR: %s\n", why->message.c_str());
      std::abort();
    }
    compiled = std::get<std::shared_ptr<const jit::CompiledScheme>>(c);
    variants = std::make_unique<scoring::JitVariants>(fixed.program(), fixed.scheme,
                                                      jit::CompileOptions{}, compiled, true);
    aids = *scoring::aid_columns(fixed.program(), fixed.scheme, "");
  }
};

// The output rows of one block read and evaluated by the JIT (`columnar`) or the interpreter.
std::string rows_of(const Engines& e, const std::string& block, size_t first_line,
                    const std::vector<std::string>& header, bool columnar) {
  const readers::RowReader reader(e.fixed.program(), kJsonl, header, columnar);
  const scoring::ScoreOptions options;
  const scoring::RowFormat format(e.fixed.program(), e.fixed.scheme, kJsonl, e.aids);
  scoring::Work work{e.fixed.program(),
                     e.fixed.scheme,
                     options,
                     reader,
                     &format,
                     e.variants.get(),
                     engine::output_shape(e.fixed.program(), e.fixed.scheme)};
  scoring::Job job;
  job.chunk.bytes = block;
  job.chunk.first_line = first_line;
  work.run(job);
  // The members ignored must be the same on both paths too.
  for (const auto& [row, name] : job.chunk.ignored.seen) {
    job.text += fmt::format("ignored row {}: {}\n", row,
                            name == readers::IgnoredMembers::kOther ? "(other)" : job.chunk.ignored.names[name]);
  }
  return job.text;
}

const Engines& compiled_engines() {
  static const Engines engines;
  return engines;
}

}  // namespace

// The scheme compiles (and the JIT compiles it) before the first input, outside libFuzzer's
// 1 s limit per input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)compiled_engines();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Engines& engines = compiled_engines();
  const int fd = memfd_create("fuzz-score-input", MFD_CLOEXEC);
  if (fd < 0 || write(fd, data, size) != static_cast<ssize_t>(size) || lseek(fd, 0, SEEK_SET) != 0) std::abort();
  readers::BlockReader blocks(fd, !kJsonl);
  std::string block;
  size_t first_line = 1;
  std::vector<std::string> header;
  bool first = true;
  while (blocks.next(block, first_line)) {
    if (!kJsonl && first) {
      first = false;
      readers::CsvRecord record;
      size_t pos = 0, line = 1;
      readers::parse_csv_record(block.data(), block.size(), pos, line, record);
      if (readers::is_blank(record) || !record.error.empty()) break;
      header.assign(record.fields.begin(), record.fields.end());
      // Columns naming no input are skipped, as `score` does without --strict.
      if (readers::csv_header_problem(engines.fixed.program(), header, /*strict=*/false)) break;
      block.erase(0, pos);
      first_line = line;
    }
    const std::string by_jit = rows_of(engines, block, first_line, header, true);
    const std::string by_interpreter = rows_of(engines, block, first_line, header, false);
    if (by_jit != by_interpreter) {
      std::fprintf(stderr, "fuzz: the JIT's rows differ from the interpreter's:\n%s\n---\n%s\n", by_jit.c_str(),
                   by_interpreter.c_str());
      std::abort();
    }
  }
  close(fd);
  return 0;
}
