// Source files held in memory and the mapping from character offsets to lines and columns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bareme::source {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

// A half-open range [begin, end) of code points (not bytes) in one file.
struct Span {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  friend bool operator==(const Span&, const Span&) = default;
};

// Joins two spans of the same file into the smallest span covering both.
Span cover(Span a, Span b);

// A 1-based line and a 1-based column counted in characters.
struct Location {
  uint32_t line = 1;
  uint32_t column = 1;
};

// The offset of the first byte that makes `bytes` not well-formed UTF-8, or of its first NUL.
std::optional<size_t> first_non_text_byte(std::string_view bytes);
// True when `bytes` is well-formed UTF-8 without NUL bytes.
inline bool is_text(std::string_view bytes) { return !first_non_text_byte(bytes).has_value(); }

// One file's text; line tables are built once, lookups are logarithmic.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  Location locate(uint32_t offset) const;
  // The text of a 1-based line without its line terminator.
  std::string_view line_text(uint32_t line) const;
  // The text between two code-point offsets, as UTF-8.
  std::string_view slice(uint32_t begin, uint32_t end) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_cp_.size()); }
  // The code-point offset where a 1-based line starts.
  uint32_t line_start(uint32_t line) const { return line_cp_[line - 1]; }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_cp_;    // code-point offset of each line's start
  std::vector<uint32_t> line_byte_;  // byte offset of each line's start
  size_t byte_offset(uint32_t offset) const;
};

// Owns every file of a compilation; FileIds index into it.
class SourceManager {
 public:
  FileId add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return *files_[id]; }
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace bareme::source
