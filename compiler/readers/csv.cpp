// A CSV state machine over a block in memory, and the search for the last whole record.
#include "readers/csv.hpp"

#include <array>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "source/source_file.hpp"

namespace bareme::readers {
namespace {

// True when every byte is ASCII other than NUL: the common case, checked before UTF-8. Eight
// bytes at a time: a byte is NUL or >= 0x80 exactly when its bit 7 is set in
// `(w - 0x01..01) & ~w | w` (the borrow of a subtraction only starts at a NUL byte).
bool plain_ascii(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101u, kHigh = 0x8080808080808080u;
  size_t i = 0;
  uint64_t odd = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    odd |= ((w - kOnes) & ~w) | w;
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    odd |= c == 0 || c >= 0x80 ? kHigh : 0;
  }
  return (odd & kHigh) == 0;
}

}  // namespace

// The bytes that end or complicate an unquoted field.
constexpr auto kSpecial = [] {
  std::array<bool, 256> t{};
  for (const unsigned char c : {',', '\n', '\r', '"'}) t[c] = true;
  return t;
}();

static bool is_line_end(const char* data, size_t size, size_t pos) {
  return data[pos] == '\n' || (data[pos] == '\r' && pos + 1 < size && data[pos + 1] == '\n');
}

#ifdef __SSE2__
// The common record, without quotes or carriage returns, cut 16 bytes at a time. False for any
// other record, with `pos` at the start of the field where a 16-byte step met a quote or a
// lone carriage return and `record.fields` holding the fields before it: the byte loop below
// goes on from there (a long record with one quoted list cell is not cut twice).
static bool simple_record(const char* data, size_t size, size_t& pos, size_t& line,
                          CsvRecord& record, size_t& text_checked) {
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                quote = _mm_set1_epi8('"'), zero = _mm_setzero_si128();
  const size_t start = pos;
  size_t field = pos;
  unsigned unusual = 0;  // bytes that are not plain ASCII: NUL or >= 0x80
  for (size_t i = pos; i + 16 <= size; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const auto mask = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
    const unsigned newlines = mask(_mm_cmpeq_epi8(v, newline));
    const unsigned upto =
        newlines ? ((newlines & (0 - newlines)) << 1) - 1 : 0xFFFFu;  // to the first line end
    const unsigned first_newline = newlines & (0 - newlines);
    // A carriage return is allowed only right before the line end (CRLF).
    if ((mask(_mm_cmpeq_epi8(v, quote)) & upto) ||
        (mask(_mm_cmpeq_epi8(v, cr)) & upto & ~(first_newline >> 1)))
      break;
    unusual |= (mask(v) | mask(_mm_cmpeq_epi8(v, zero))) & upto;
    for (unsigned commas = mask(_mm_cmpeq_epi8(v, comma)) & upto; commas; commas &= commas - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(commas));
      record.fields.emplace_back(data + field, at - field);
      field = at + 1;
    }
    if (newlines) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(newlines));
      const size_t end = at > field && data[at - 1] == '\r' ? at - 1 : at;
      record.fields.emplace_back(data + field, end - field);
      // Commas and line ends are ASCII, so the record is UTF-8 exactly when its fields are.
      if (unusual && !source::is_text(std::string_view(data + start, at - start)))
        record.error = "a field is not UTF-8 text";
      pos = at + 1;
      ++line;
      return true;
    }
  }
  pos = field;
  // The fields kept are plain ASCII unless a byte of the 16-byte steps before said otherwise.
  text_checked = unusual ? 0 : record.fields.size();
  return false;
}
#endif

// The first comma, line end or quote at or after `pos`, or `size`.
static size_t next_special(const char* data, size_t size, size_t pos) {
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                quote = _mm_set1_epi8('"');
  for (; pos + 16 <= size; pos += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    const __m128i any =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, newline)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, quote)));
    if (const auto found = static_cast<unsigned>(_mm_movemask_epi8(any)))
      return pos + static_cast<size_t>(__builtin_ctz(found));
  }
#endif
  while (pos < size && !kSpecial[static_cast<unsigned char>(data[pos])]) ++pos;
  return pos;
}

#ifdef __SSE2__
template <class Word>  // sizeof(Word) ≤ run ≤ 2 × sizeof(Word): two words that may overlap
static inline void move_two_words(char* data, size_t out, size_t pos, unsigned run) {
  Word head, tail;
  std::memcpy(&head, data + pos, sizeof head);
  std::memcpy(&tail, data + pos + run - sizeof tail, sizeof tail);
  std::memcpy(data + out, &head, sizeof head);
  std::memcpy(data + out + run - sizeof tail, &tail, sizeof tail);
}

// data[pos, pos + run) moved down to data[out, ...), out < pos, run ≤ 16 (`v` holds the 16 bytes
// at pos): every byte is loaded before any is stored, so the overlap is harmless. Inline: a
// quoted JSON cell has a run between two doubled quotes every few bytes, each a memmove call.
static inline void move_down(char* data, size_t out, size_t pos, unsigned run, __m128i v) {
  if (run == 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(data + out), v);
  } else if (run >= 8) {
    move_two_words<uint64_t>(data, out, pos, run);
  } else if (run >= 4) {
    move_two_words<uint32_t>(data, out, pos, run);
  } else {
    for (unsigned k = 0; k < run; ++k) data[out + k] = data[pos + k];  // ascending: out < pos
  }
}

// Inside quotes, the bytes up to the next quote, 16 at a time: moved down over the escapes
// already read (`out` trails `pos` by one byte per doubled quote), line feeds counted.
static void skip_quoted_run(char* data, size_t size, size_t& pos, size_t& out, size_t& line) {
  const __m128i quote = _mm_set1_epi8('"'), newline = _mm_set1_epi8('\n');
  while (pos + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    const auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
    const unsigned run = quotes ? static_cast<unsigned>(__builtin_ctz(quotes)) : 16;
    const auto newlines = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
    if (const unsigned inside = newlines & ((1u << run) - 1))  // rare: no popcnt in baseline x86-64
      line += static_cast<size_t>(__builtin_popcount(inside));
    if (out != pos) move_down(data, out, pos, run, v);
    out += run;
    pos += run;
    if (quotes) return;
  }
}
#endif

void parse_csv_record(char* data, size_t size, size_t& pos_io, size_t& line_io,
                      CsvRecord& record) {
  // Local copies, written back at the end: a byte stored through `data` may alias a reference,
  // so the loops would keep `pos` and `line` in memory, a load and a store per byte.
  size_t pos = pos_io, line = line_io;
  record.fields.clear();
  record.error.clear();
  record.line = line;
  size_t text_checked = 0;  // the fields known to be text already
#ifdef __SSE2__
  if (simple_record(data, size, pos, line, record, text_checked)) {
    pos_io = pos, line_io = line;
    return;
  }
#endif
  while (true) {  // one field per turn
    const size_t start = pos;
    if (pos == size || data[pos] != '"') {
      // Unquoted: up to the next comma or line end; a quote or a lone CR inside is kept.
      while (true) {
        pos = next_special(data, size, pos);
        if (pos == size || data[pos] == ',' || is_line_end(data, size, pos)) break;
        if (data[pos] == '"' && record.error.empty())
          record.error = "a quote inside an unquoted field";
        ++pos;
      }
      record.fields.emplace_back(data + start, pos - start);
    } else {
      // Quoted: unescaped in place over the opening quote, which never passes the reading.
      size_t out = start;
      bool closed = false;
      for (++pos; pos < size;) {
#ifdef __SSE2__
        skip_quoted_run(data, size, pos, out, line);
        if (pos == size) break;
#endif
        const char c = data[pos++];
        if (c == '"') {
          if (pos == size || data[pos] != '"') {
            closed = true;
            break;
          }
          ++pos;
        } else if (c == '\n') {
          ++line;
        }
        data[out++] = c;
      }
      if (!closed) {
        record.error = "a quoted field is not closed before the end of the input";
        record.fields.emplace_back(data + start, out - start);
        break;
      }
      for (; pos < size && data[pos] != ',' && !is_line_end(data, size, pos); ++pos) {
        if (record.error.empty()) record.error = "text after the closing quote of a field";
        data[out++] = data[pos];
      }
      record.fields.emplace_back(data + start, out - start);
    }
    if (pos == size) break;  // the end of the input ends the record
    if (data[pos++] == ',') continue;
    if (data[pos - 1] == '\r') ++pos;  // CRLF
    ++line;
    break;
  }
  if (record.error.empty()) {
    for (size_t k = text_checked; k < record.fields.size(); ++k) {
      const std::string_view f = record.fields[k];
      if (!plain_ascii(f) && !source::is_text(f)) {
        record.error = "a field is not UTF-8 text";
        break;
      }
    }
  }
  pos_io = pos, line_io = line;
}

size_t whole_records_by_bytes(std::string_view data) {
  // The same states as parse_csv_record decide which line breaks are quoted.
  size_t whole = 0;
  bool quoted = false, after_quote = false, field_started = false;
  for (size_t i = 0; i < data.size(); ++i) {
    const char c = data[i];
    if (quoted) {
      if (c != '"') continue;
      if (i + 1 < data.size() && data[i + 1] == '"') {
        ++i;
      } else if (i + 1 == data.size()) {
        break;  // a doubled quote may continue in the next block
      } else {
        quoted = false;
        after_quote = true;
      }
      continue;
    }
    if (c == ',') {
      after_quote = field_started = false;
    } else if (c == '\n') {
      whole = i + 1;
      after_quote = field_started = false;
    } else if (c == '"' && !field_started && !after_quote) {
      quoted = field_started = true;
    } else if (c != '\r' || i + 1 == data.size() || data[i + 1] != '\n') {
      field_started = true;  // a lone carriage return is text, as in parse_csv_record
    }
  }
  return whole;
}

bool lines_end_with_cr_only(std::string_view data) {
  return data.find('\n') == std::string_view::npos && data.find('\r') != std::string_view::npos;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace bareme::readers
