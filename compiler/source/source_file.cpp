// Line tables and UTF-8 checks for source files.
#include "source/source_file.hpp"

#include <algorithm>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace bareme::source {

Span cover(Span a, Span b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

std::optional<size_t> first_non_text_byte(std::string_view bytes) {
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
#ifdef __SSE2__
    // ASCII other than NUL, the common case, is passed over 16 bytes at a time.
    if (i + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes.data() + i));
      const auto odd = static_cast<unsigned>(
          _mm_movemask_epi8(v) | _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())));
      if (odd == 0) {
        i += 16;
        continue;
      }
      i += static_cast<size_t>(__builtin_ctz(odd));
    }
#endif
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == 0) return i;
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(bytes[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                          (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::nullopt;
}

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_cp_.push_back(0);
  line_byte_.push_back(0);
  uint32_t cp = 0;
  for (size_t i = 0; i < text_.size(); ++i) {
    const auto c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) != 0x80) ++cp;
    if (c == '\n') {
      line_cp_.push_back(cp);
      line_byte_.push_back(static_cast<uint32_t>(i + 1));
    }
  }
}

Location SourceFile::locate(uint32_t offset) const {
  auto it = std::upper_bound(line_cp_.begin(), line_cp_.end(), offset);
  const auto line = static_cast<uint32_t>(it - line_cp_.begin());
  return Location{line, offset - line_cp_[line - 1] + 1};
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_byte_.size()) return {};
  const size_t begin = line_byte_[line - 1];
  size_t end = line < line_byte_.size() ? line_byte_[line] : text_.size();
  std::string_view view(text_.data() + begin, end - begin);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

size_t SourceFile::byte_offset(uint32_t offset) const {
  const auto loc = locate(offset);
  size_t i = line_byte_[loc.line - 1];
  for (uint32_t col = 1; col < loc.column && i < text_.size(); ++col) {
    ++i;
    while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

std::string_view SourceFile::slice(uint32_t begin, uint32_t end) const {
  const size_t b = byte_offset(begin);
  const size_t e = std::max(b, byte_offset(end));
  return std::string_view(text_).substr(b, e - b);
}

FileId SourceManager::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

}  // namespace bareme::source
