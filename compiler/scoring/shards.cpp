// Shards of one file for `score --shard K/N`: record boundaries found with the block reader and
// the row rules of the CSV and JSON Lines readers, so that a shard's rows are numbered as in
// one run.
#include "scoring/shards.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "readers/blocks.hpp"
#include "readers/rows.hpp"

namespace bareme::scoring {
namespace {

bool read_number(std::string_view text, unsigned& value) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return !text.empty() && ec == std::errc() && ptr == end;
}

// k/n of `size`, without overflow.
size_t part(size_t size, unsigned k, unsigned n) {
  return static_cast<size_t>(static_cast<unsigned __int128>(size) * k / n);
}

// Walks the records of the data in order: where each starts, its line, whether it is a row.
class ShardFinder {
 public:
  ShardFinder(size_t data_start, size_t data_line, size_t data_size, Shard shard)
      : from_(data_start + part(data_size, shard.index, shard.count)),
        to_(shard.index + 1 == shard.count
                ? std::string::npos
                : data_start + part(data_size, shard.index + 1, shard.count)),
        first_(shard.index == 0) {
    if (first_) range_ = {data_start, 0, data_line, 0};
  }

  // One record at byte `at`, on `line`; false once the shard's end is found.
  bool record(size_t at, size_t line, bool is_row) {
    if (!first_ && at >= from_) {
      first_ = true;
      range_ = {at, 0, line, rows_};
    }
    if (at >= to_) {
      range_.end = at;
      return false;
    }
    rows_ += is_row;
    return true;
  }

  // The range once the data is read to `size` bytes and line `line`.
  ShardRange finish(size_t size, size_t line) {
    if (!first_) range_ = {size, size, line, rows_};
    if (range_.end == 0) range_.end = size;
    return range_;
  }

 private:
  size_t from_, to_;
  bool first_;
  size_t rows_ = 0;
  ShardRange range_;
};

constexpr size_t kChunkBytes = 1 << 20;

// Just past the line break of the line at data[pos], or npos when it does not end before `size`.
size_t line_end(const char* data, size_t pos, size_t size) {
  const void* newline = std::memchr(data + pos, '\n', size - pos);
  return newline ? static_cast<size_t>(static_cast<const char*>(newline) - data) + 1
                 : std::string::npos;
}

// Just past the line break that ends the CSV record at data[pos], or npos when it does not end
// before `size`: the states of whole_records (csv.cpp), with memchr between the bytes that
// matter. A quote opens a quoted field only at a field's start (the record's, or after a
// comma); inside, a doubled quote goes on.
size_t csv_record_end(const char* data, size_t pos, size_t size) {
  const size_t start = pos;
  size_t newline = std::string::npos;  // the next line break at or after pos, once found
  while (pos < size) {
    if (newline == std::string::npos || newline < pos) {
      newline = line_end(data, pos, size);
      if (newline != std::string::npos) --newline;
    }
    const size_t upto = newline == std::string::npos ? size : newline;
    const void* quote_at = std::memchr(data + pos, '"', upto - pos);
    if (!quote_at) return newline == std::string::npos ? newline : newline + 1;
    pos = static_cast<size_t>(static_cast<const char*>(quote_at) - data);
    const bool field_start = pos == start || data[pos - 1] == ',';
    ++pos;
    if (!field_start) continue;  // a quote inside an unquoted field opens nothing
    while (true) {               // quoted: to the closing quote
      const void* close = std::memchr(data + pos, '"', size - pos);
      if (!close) return std::string::npos;
      pos = static_cast<size_t>(static_cast<const char*>(close) - data) + 1;
      if (pos == size) return std::string::npos;  // a doubled quote, maybe
      if (data[pos] != '"') break;
      ++pos;
    }
  }
  return std::string::npos;
}

// A record that holds one empty field (is_blank): no row.
bool csv_blank(std::string_view record) {
  if (!record.empty() && record.back() == '\n') record.remove_suffix(1);
  if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
  return record.empty() || record == "\"\"";
}

bool json_blank(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  return readers::is_blank_line(line);
}

}  // namespace

std::optional<Shard> parse_shard(const std::string& text, std::string& error) {
  const size_t slash = text.find('/');
  Shard shard;
  if (slash == std::string::npos ||
      !read_number(std::string_view(text).substr(0, slash), shard.index) ||
      !read_number(std::string_view(text).substr(slash + 1), shard.count) || shard.count == 0) {
    error = fmt::format(
        "--shard \"{}\" is not K/N: write the shard's number K (from 0) and the "
        "number of shards N, for example 0/4",
        text);
    return std::nullopt;
  }
  if (shard.index >= shard.count) {
    error = fmt::format("--shard {}: the shards of {} are numbered 0 to {}", text, shard.count,
                        shard.count - 1);
    return std::nullopt;
  }
  return shard;
}

std::optional<ShardRange> find_shard(int fd, bool csv, size_t data_start, size_t data_line,
                                     Shard shard, std::string& error) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "--shard needs a file to cut, not a stream: write the input to a file first";
    return std::nullopt;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  ShardFinder finder(data_start, data_line, size - std::min(size, data_start), shard);
  std::string buffer(kChunkBytes, '\0');
  size_t held = 0;  // bytes of `buffer` read, from file offset `offset`
  size_t offset = data_start, line = data_line;
  bool eof = false, going = true;
  while (going) {
    // Whole records of the buffer, then what is left moved to its front.
    size_t pos = 0;
    while (going && pos < held) {
      const size_t end =
          csv ? csv_record_end(buffer.data(), pos, held) : line_end(buffer.data(), pos, held);
      if (end == std::string::npos && !eof) break;
      const size_t stop = end == std::string::npos ? held : end;
      const std::string_view record(buffer.data() + pos, stop - pos);
      going = finder.record(offset + pos, line, csv ? !csv_blank(record) : !json_blank(record));
      line += static_cast<size_t>(std::count(record.begin(), record.end(), '\n'));
      pos = stop;
    }
    if (!going || (eof && pos == held)) break;
    std::memmove(buffer.data(), buffer.data() + pos, held - pos);
    offset += pos;
    held -= pos;
    if (held == buffer.size()) {
      if (held >= readers::BlockReader::kMaxRecordBytes) {
        error = fmt::format(
            "--shard cannot cut this file: the record on line {} is longer than "
            "{} MiB",
            line, readers::BlockReader::kMaxRecordBytes >> 20);
        return std::nullopt;
      }
      buffer.resize(buffer.size() * 2);
    }
    ssize_t n;
    do
      n = ::pread(fd, buffer.data() + held, buffer.size() - held,
                  static_cast<off_t>(offset + held));
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      error = fmt::format("cannot read the input: {}", std::strerror(errno));
      return std::nullopt;
    }
    eof = n == 0;
    held += static_cast<size_t>(n);
  }
  return finder.finish(offset + held, line);
}

}  // namespace bareme::scoring
