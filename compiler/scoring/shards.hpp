// `score --shard K/N`: the contiguous part of a file's rows that shard K of N scores, cut on
// record boundaries so that the N outputs, concatenated, are one run's output.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace bareme::scoring {

// Shard `index` of `count` (0 <= index < count).
struct Shard {
  unsigned index = 0, count = 1;
};

// "K/N" read; nothing (and `error` says why) when it is not two numbers with K < N.
std::optional<Shard> parse_shard(const std::string& text, std::string& error);

// A shard's bytes of the file, the line of its first byte and the rows before it.
struct ShardRange {
  size_t begin = 0, end = 0;
  size_t first_line = 1;
  size_t rows_before = 0;
};

// Finds shard `shard` of the rows that start at byte `data_start` (line `data_line`) of the
// regular file open as `fd`: shard K starts at the first record starting at or after K/N of
// the data's bytes. Reads the file up to the shard's end with the readers' own record rules;
// leaves `fd` anywhere. Nothing, with `error`, when the file cannot be read or holds a record
// too long to read.
std::optional<ShardRange> find_shard(int fd, bool csv, size_t data_start, size_t data_line,
                                     Shard shard, std::string& error);

}  // namespace bareme::scoring
