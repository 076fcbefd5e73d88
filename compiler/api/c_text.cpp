// The C ABI's bareme_score_text: rows as CSV or JSON Lines in memory, through the pipeline of
// `bareme score` (scoring::score), read from a memory file and written to a string.
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "api/c_internal.hpp"
#include "scoring/score.hpp"

using bareme::capi::fail;
using bareme::capi::guard;
using bareme::capi::require;

namespace {

// A memory file holding `input`, at its start; the caller owns the descriptor.
int memory_file(const char* input, size_t length) {
  const int fd = ::memfd_create("bareme-score-input", MFD_CLOEXEC);
  if (fd < 0)
    fail(BAREME_INTERNAL, std::string("cannot create a memory file: ") + std::strerror(errno));
  size_t done = 0;
  while (done < length) {
    const ssize_t n = ::write(fd, input + done, length - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      fail(BAREME_INTERNAL, std::string("cannot write a memory file: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

std::string score_text(const bareme_scheme& scheme, const std::string& format, const char* input,
                       size_t length, const bareme::capi::Options& options) {
  if (format != "csv" && format != "jsonl")
    fail(BAREME_BAD_OPTION, "format is \"csv\" or \"jsonl\", not \"" + format + "\"");
  std::ostringstream rows, messages;
  bareme::scoring::ScoreOptions o;
  o.input = "input";
  o.input_format = format;
  o.output_format = format;
  o.output_stream = &rows;
  o.messages = &messages;
  o.use_jit = options.engine != 1;
  o.threads = options.threads;
  o.as_of = options.as_of;
  o.param_overrides = scheme.overrides;
  o.input_fd = memory_file(input, length);  // closed by the pipeline
  const int status = scheme.scheme ? bareme::scoring::score(scheme.program(), *scheme.scheme, o)
                                   : bareme::scoring::score_all(scheme.program(), o);
  if (status == 2) {
    std::string why = messages.str();
    while (!why.empty() && why.back() == '\n') why.pop_back();
    fail(BAREME_BAD_INPUT, why);
  }
  return rows.str();
}

}  // namespace

extern "C" bareme_status bareme_score_text(const bareme_scheme* scheme, const char* format,
                                           const char* input, size_t input_length,
                                           const bareme_options* options, char** output,
                                           size_t* output_length, bareme_error** error) {
  return guard(error, [&] {
    require(output, "output");
    *output = nullptr;
    if (output_length) *output_length = 0;
    require(scheme, "scheme");
    require(format, "format");
    if (input_length > 0) require(input, "input");
    const auto o = bareme::capi::read_options(options);
    const std::string text = score_text(*scheme, format, input ? input : "", input_length, o);
    *output = bareme::capi::copy_out(text);
    if (output_length) *output_length = text.size();
  });
}
