// Block reading with read(2): whole records per block, a byte order mark skipped, lines counted.
#include "scoring/blocks.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "scoring/csv.hpp"

namespace bareme::scoring {

BlockReader::BlockReader(int fd, bool csv) : fd_(fd), csv_(csv) {
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) total_ = static_cast<size_t>(st.st_size);
}

void BlockReader::fill(std::string& block, size_t want) {
  while (!eof_ && block.size() < want) {
    const size_t old = block.size();
    block.resize(std::max(want, old + 4096));
    ssize_t n;
    do n = ::read(fd_, block.data() + old, block.size() - old);
    while (n < 0 && errno == EINTR);
    block.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
    if (n < 0) error_ = fmt::format("cannot read the input: {}", std::strerror(errno));
    if (n <= 0) eof_ = true;
    bytes_read_ += static_cast<size_t>(std::max<ssize_t>(n, 0));
  }
}

bool BlockReader::next(std::string& block, size_t& first_line) {
  block.assign(carry_);  // copied, so that both keep their capacity
  carry_.clear();
  size_t want = kBlockBytes;
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
        error_ = fmt::format(
            "line {}: a record longer than {} MiB (a quoted field that is never closed?)", line_,
            kMaxRecordBytes >> 20);
        return false;
      }
      want = block.size() * 2;  // one record longer than the block: read more
      continue;
    }
    carry_.assign(block, whole);
    block.resize(whole);
    first_line = line_;
    line_ += static_cast<size_t>(std::count(block.begin(), block.end(), '\n'));
    return !block.empty();
  }
}

}  // namespace bareme::scoring
