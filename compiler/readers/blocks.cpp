// Block reading with read(2): whole records per block, a byte order mark skipped, lines counted.
#include "readers/blocks.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "readers/csv.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace bareme::readers {

size_t count_lines(std::string_view bytes) {
  size_t lines = 0, i = 0;
#if defined(__SSE2__) && defined(__x86_64__)
  // Per byte lane, a counter that each line feed decrements (a match is -1); summed into `lines`
  // every 255 steps, before a lane can wrap. Baseline x86-64 has no popcnt instruction.
  const __m128i newline = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
  while (i + 16 <= bytes.size()) {
    __m128i lanes = zero;
    for (int step = 0; step < 255 && i + 16 <= bytes.size(); ++step, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes.data() + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, newline));
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero);  // two 64-bit sums of eight lanes
    lines += static_cast<size_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i < bytes.size(); ++i) lines += bytes[i] == '\n';
  return lines;
}

BlockReader::BlockReader(int fd, bool csv) : fd_(fd), csv_(csv) {
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) total_ = static_cast<size_t>(st.st_size);
}

BlockReader::BlockReader(int fd, bool csv, size_t bytes, size_t first_line)
    : fd_(fd), csv_(csv), started_(true), line_(first_line), total_(bytes), left_(bytes) {}

void BlockReader::fill(std::string& block, size_t want) {
  while (!eof_ && block.size() < want) {
    const size_t old = block.size();
    block.resize(std::max(want, old + 4096));
    size_t room = block.size() - old;
    if (left_) room = std::min(room, *left_);
    ssize_t n = 0;
    if (room > 0) {
      do n = ::read(fd_, block.data() + old, room);
      while (n < 0 && errno == EINTR);
    }
    if (left_ && n > 0) *left_ -= static_cast<size_t>(n);
    block.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n < 0) error_ = fmt::format("cannot read the input: {}", std::strerror(errno));
    if (n <= 0) eof_ = true;
    bytes_read_ += static_cast<size_t>(std::max<ssize_t>(n, 0));
  }
}

bool BlockReader::next(std::string& block, size_t& first_line) {
  skipped_.clear();
  block_lines_ = 0;
  block.assign(carry_);  // copied, so that both keep their capacity
  carry_.clear();
  size_t want = block_bytes_;
  while (true) {
    fill(block, want);
    if (!error_.empty()) return false;
    if (!started_) {
      started_ = true;
      if (block.compare(0, 3, "\xEF\xBB\xBF") == 0) block.erase(0, 3);  // a UTF-8 byte order mark
    }
    size_t whole = block.size();
    if (!eof_) {
      if (csv_) {
        whole = whole_records(block);
      } else {
        const void* last = memrchr(block.data(), '\n', block.size());
        whole = last ? static_cast<size_t>(static_cast<const char*>(last) - block.data()) + 1 : 0;
      }
    }
    if (whole == 0 && !eof_) {
      if (block.size() >= kMaxRecordBytes) {
        // One record too long to hold: skipped to its end, it becomes an error row.
        first_line = line_;
        skip_record(block);
        return error_.empty();
      }
      want = block.size() * 2;  // one record longer than the block: read more
      continue;
    }
    carry_.assign(block, whole);
    block.resize(whole);
    first_line = line_;
    block_lines_ = count_lines(block);
    line_ += block_lines_;
    return !block.empty();
  }
}

namespace {

// Where a CSV record ends, read a buffer at a time: the states of parse_csv_record that decide
// whether a line break is quoted.
class CsvRecordEnd {
 public:
  // The offset just past the record's line break in `data`, or npos when the record goes on;
  // `lines` counts the line breaks passed.
  size_t find(std::string_view data, size_t& lines) {
    for (size_t i = 0; i < data.size(); ++i) {
      const char c = data[i];
      if (state_ == State::QuoteInQuoted) {
        if (c == '"') {  // a doubled quote: still quoted
          state_ = State::Quoted;
          continue;
        }
        state_ = State::Unquoted;  // the field's closing quote was the one before
      }
      if (state_ == State::Quoted) {
        if (c == '"') state_ = State::QuoteInQuoted;
        lines += c == '\n';
        continue;
      }
      if (c == '\n') {
        ++lines;
        return i + 1;
      }
      if (c == ',')
        state_ = State::FieldStart;
      else if (c == '"' && state_ == State::FieldStart)
        state_ = State::Quoted;
      else if (state_ == State::FieldStart)
        state_ = State::Unquoted;
    }
    return std::string_view::npos;
  }
  bool in_quotes() const { return state_ == State::Quoted; }

 private:
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted } state_ = State::FieldStart;
};

}  // namespace

void BlockReader::skip_record(std::string& block) {
  const size_t line = line_;
  const bool cr_only = csv_ && lines_end_with_cr_only(block);
  size_t lines = 0;
  CsvRecordEnd csv_end;
  while (true) {
    size_t end;
    if (csv_) {
      end = csv_end.find(block, lines);
    } else {
      const void* newline = std::memchr(block.data(), '\n', block.size());
      end = newline ? static_cast<size_t>(static_cast<const char*>(newline) - block.data()) + 1
                    : std::string::npos;
      lines += newline ? 1 : 0;
    }
    if (end != std::string::npos) {
      carry_.assign(block, end);
      break;
    }
    if (eof_ || !error_.empty()) break;
    block.clear();  // the record's bytes are not kept
    fill(block, block_bytes_);
  }
  block.clear();
  block.shrink_to_fit();  // the record's first 64 MiB are not kept either
  line_ += lines;
  const auto mib = kMaxRecordBytes >> 20;
  if (!csv_) {
    skipped_ = fmt::format("line {}: a line longer than {} MiB: not read", line, mib);
  } else if (csv_end.in_quotes()) {
    skipped_ = fmt::format(
        "line {}: a quoted field is never closed: the rest of the input, over {} MiB, is one "
        "record, not read",
        line, mib);
  } else {
    skipped_ = fmt::format("line {}: a record longer than {} MiB: not read", line, mib);
  }
  if (cr_only) skipped_ += fmt::format(" ({})", kCrOnlyHint);
}

}  // namespace bareme::readers
