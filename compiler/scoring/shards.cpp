// Shards of one file for `score --shard K/N`: record boundaries found with the block reader and
// the row rules of the CSV and JSON Lines readers, so that a shard's rows are numbered as in
// one run.
#include "scoring/shards.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

#include "scoring/blocks.hpp"
#include "scoring/csv.hpp"
#include "scoring/rows.hpp"

namespace bareme::scoring {
namespace {

bool read_number(std::string_view text, unsigned& value) {
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return !text.empty() && ec == std::errc() && ptr == end;
}

// Walks the records of the data in order: where each starts, its line, whether it is a row.
class ShardFinder {
 public:
  ShardFinder(size_t data_start, size_t data_line, size_t data_size, Shard shard)
      : from_(data_start + data_size * shard.index / shard.count),
        to_(shard.index + 1 == shard.count
                ? std::string::npos
                : data_start + data_size * (shard.index + 1) / shard.count),
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
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || ::lseek(fd, 0, SEEK_SET) != 0) {
    error = "--shard needs a file to cut, not a stream: write the input to a file first";
    return std::nullopt;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (data_start > size || ::lseek(fd, static_cast<off_t>(data_start), SEEK_SET) < 0) {
    error = "--shard: the file changed while it was read";
    return std::nullopt;
  }
  ShardFinder finder(data_start, data_line, size - data_start, shard);
  BlockReader blocks(fd, csv, size - data_start, data_line);
  std::string block;
  size_t offset = data_start, line = data_line, first_line = data_line;
  CsvRecord record;
  bool going = true;
  while (going && blocks.next(block, first_line)) {
    if (!blocks.skipped().empty()) {
      error = fmt::format("--shard cannot cut this file: {}", blocks.skipped());
      return std::nullopt;
    }
    // Counted first: reading a CSV record unescapes its quoted fields in place.
    const size_t block_lines = static_cast<size_t>(std::count(block.begin(), block.end(), '\n'));
    size_t pos = 0;
    line = first_line;
    while (going && pos < block.size()) {
      const size_t at = offset + pos, at_line = line;
      bool is_row;
      if (csv) {
        parse_csv_record(block.data(), block.size(), pos, line, record);
        is_row = !is_blank(record);
      } else {
        size_t end = block.find('\n', pos);
        end = end == std::string::npos ? block.size() : end + 1;
        const bool newline = block[end - 1] == '\n';
        is_row = !is_blank_line(std::string_view(block).substr(pos, end - pos - newline));
        line += newline;
        pos = end;
      }
      going = finder.record(at, at_line, is_row);
    }
    offset += block.size();
    line = first_line + block_lines;
  }
  if (!blocks.error().empty()) {
    error = blocks.error();
    return std::nullopt;
  }
  return finder.finish(size, line);
}

}  // namespace bareme::scoring
