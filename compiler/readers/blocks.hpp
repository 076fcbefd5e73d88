// Cuts an input stream into blocks of whole CSV records or whole lines, for parallel parsing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace bareme::readers {

// The number of line feeds in `bytes`, 16 bytes at a time.
size_t count_lines(std::string_view bytes);

class BlockReader {
 public:
  // Reads from an open file descriptor; `csv` decides where records end (quoted line breaks).
  BlockReader(int fd, bool csv);
  // Reads only the next `bytes` bytes of `fd`, from where it stands: a shard of a file, whose
  // first byte is on line `first_line` and starts a record (no byte order mark looked for).
  BlockReader(int fd, bool csv, size_t bytes, size_t first_line);
  // The block length asked for from now on (at least one byte); `kBlockBytes` until then.
  void set_block_bytes(size_t bytes) { block_bytes_ = bytes ? bytes : 1; }
  // The next block of whole records, about `block_bytes` long, and the line number of its first
  // byte; false at the end of the input or on an error (then `error()` says why). A record
  // longer than `kMaxRecordBytes` is skipped, not kept: its block is empty and `skipped()`
  // says why, with its line, until the next call.
  bool next(std::string& block, size_t& first_line);
  const std::string& error() const { return error_; }
  const std::string& skipped() const { return skipped_; }
  size_t bytes_read() const { return bytes_read_; }
  // True while next() may still give a block: the input is not read to its end yet.
  bool more() const { return !eof_ || !carry_.empty(); }
  // The line feeds in the block the last next() gave.
  size_t block_lines() const { return block_lines_; }
  // The input's size when it is a regular file (for an ETA).
  std::optional<size_t> total_bytes() const { return total_; }

  static constexpr size_t kBlockBytes = 1 << 20;
  // A record longer than this (a quoted field never closed, say) is skipped: an error row.
  static constexpr size_t kMaxRecordBytes = 64u << 20;

 private:
  void fill(std::string& block, size_t want);
  // Reads past the end of the record that `block` starts, keeping only what follows it.
  void skip_record(std::string& block);
  int fd_;
  bool csv_;
  bool eof_ = false, started_ = false;
  std::string carry_, error_, skipped_;
  size_t line_ = 1, bytes_read_ = 0, block_lines_ = 0;
  size_t block_bytes_ = kBlockBytes;
  std::optional<size_t> total_;
  std::optional<size_t> left_;  // a shard: the bytes still to read
};

}  // namespace bareme::readers
