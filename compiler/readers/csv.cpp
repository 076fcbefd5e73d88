// A CSV state machine over a block in memory, and the search for the last whole record.
#include "readers/csv.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "source/source_file.hpp"

namespace bareme::readers {
// The fields of a record that may hold a byte other than plain ASCII (NUL or >= 0x80), from
// `first` to `last` inclusive: only they are checked for UTF-8 when the record is read.
struct FieldsToCheck {
  size_t first = SIZE_MAX, last = 0;
  void add(size_t from, size_t to) {
    first = from < first ? from : first;
    last = to > last ? to : last;
  }
};

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
static unsigned mask16(__m128i m) {
  return static_cast<unsigned>(_mm_movemask_epi8(m));
}

// The bytes that are NUL or not ASCII, as a 16-bit mask: a field holding one is checked for
// UTF-8 at the end of the record.
static unsigned unusual_bytes(__m128i v) {
  return mask16(v) | mask16(_mm_cmpeq_epi8(v, _mm_setzero_si128()));
}

// Unquoted fields cut 16 bytes at a time from the field starting at `pos`, into
// `record.fields`. True when the record's line end was reached (`pos` past it). False with `pos`
// at the start of the field holding the first quote or lone carriage return (a quoted field,
// usually), or where fewer than 16 bytes are left: the byte loop reads that field, then comes
// back here.
static bool plain_fields(const char* data, size_t size, size_t& pos, size_t& line,
                         CsvRecord& record, FieldsToCheck& check) {
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                quote = _mm_set1_epi8('"');
  size_t field = pos;
  for (size_t i = pos; i + 16 <= size; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const unsigned newlines = mask16(_mm_cmpeq_epi8(v, newline));
    const unsigned upto =
        newlines ? ((newlines & (0 - newlines)) << 1) - 1 : 0xFFFFu;  // to the first line end
    const unsigned first_newline = newlines & (0 - newlines);
    // A quote, or a carriage return anywhere but right before the line end (CRLF), stops the
    // steps: the fields before it are cut, the byte loop reads the one it is in.
    const unsigned stops = ((mask16(_mm_cmpeq_epi8(v, quote)) & upto) |
                            (mask16(_mm_cmpeq_epi8(v, cr)) & upto & ~(first_newline >> 1)));
    const unsigned before = stops ? (stops & (0 - stops)) - 1 : upto;
    const bool unusual = (unusual_bytes(v) & before) != 0;
    const size_t first_field = record.fields.size();
    for (unsigned commas = mask16(_mm_cmpeq_epi8(v, comma)) & before; commas;
         commas &= commas - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(commas));
      record.fields.emplace_back(data + field, at - field);
      field = at + 1;
    }
    if (unusual) check.add(first_field, record.fields.size());  // the fields these 16 bytes touch
    if (stops) break;
    if (newlines) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(newlines));
      const size_t end = at > field && data[at - 1] == '\r' ? at - 1 : at;
      record.fields.emplace_back(data + field, end - field);
      pos = at + 1;
      ++line;
      return true;
    }
  }
  pos = field;
  return false;
}

template <class Word>  // sizeof(Word) ≤ run ≤ 2 × sizeof(Word): two words that may overlap
static inline void move_two_words(char* data, size_t out, size_t pos, unsigned run) {
  Word head, tail;
  std::memcpy(&head, data + pos, sizeof head);
  std::memcpy(&tail, data + pos + run - sizeof tail, sizeof tail);
  std::memcpy(data + out, &head, sizeof head);
  std::memcpy(data + out + run - sizeof tail, &tail, sizeof tail);
}

// data[pos, pos + run) moved down to data[out, ...), out < pos, run ≤ 16 (`v` holds the 16 bytes
// at pos when run is 16): every byte is loaded before any is stored, so the overlap is
// harmless. Inline: a quoted JSON cell has a run between two doubled quotes every few bytes.
static inline void move_down(char* data, size_t out, size_t pos, unsigned run, __m128i v) {
  if (run == 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(data + out), v);
  } else if (run >= 8) {
    move_two_words<uint64_t>(data, out, pos, run);
  } else if (run >= 4) {
    move_two_words<uint32_t>(data, out, pos, run);
  } else if (run >= 2) {
    move_two_words<uint16_t>(data, out, pos, run);
  } else if (run == 1) {
    data[out] = data[pos];
  }
}

// A quoted field from just after its opening quote, 16 bytes at a time: the runs between quotes
// moved down to `out` (which trails `pos` by one byte per quote dropped), a doubled quote kept
// as the first byte of the next run, line feeds counted. True past the closing quote; false
// where fewer than 16 bytes are left, for the byte loop to go on from `pos` and `out`.
static bool quoted_runs(char* data, size_t size, size_t& pos, size_t& out, size_t& line,
                        unsigned& unusual) {
  const __m128i quote = _mm_set1_epi8('"'), newline = _mm_set1_epi8('\n');
  while (pos + 16 <= size) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    unsigned quotes = mask16(_mm_cmpeq_epi8(v, quote));
    unsigned from = 0;  // where the current run starts in these 16 bytes
    unsigned taken = 16;
    bool closed = false;
    while (quotes) {
      const auto at = static_cast<unsigned>(__builtin_ctz(quotes));
      move_down(data, out, pos + from, at - from, v);
      out += at - from;
      if (at == 15) {  // its pair, if any, is in the next 16 bytes: start them at this quote
        taken = from = 15;
        break;
      }
      if (!(quotes >> (at + 1) & 1)) {  // the closing quote
        taken = at + 1;
        from = taken;
        closed = true;
        break;
      }
      from = at + 1;  // the second quote of the pair is text
      quotes &= ~(3u << at);
    }
    if (from < taken) {  // the run to the end of these 16 bytes
      move_down(data, out, pos + from, taken - from, v);
      out += taken - from;
    }
    const unsigned within = taken == 16 ? 0xFFFFu : (1u << taken) - 1;
    unusual |= unusual_bytes(v) & within;
    if (const unsigned inside = mask16(_mm_cmpeq_epi8(v, newline)) & within)
      line += static_cast<size_t>(__builtin_popcount(inside));  // rare: no popcnt in baseline
    pos += taken;
    if (closed) return true;
  }
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

void parse_csv_record(char* data, size_t size, size_t& pos_io, size_t& line_io, CsvRecord& record) {
  // Local copies, written back at the end: a byte stored through `data` may alias a reference,
  // so the loops would keep `pos` and `line` in memory, a load and a store per byte.
  size_t pos = pos_io, line = line_io;
  record.fields.clear();
  record.error.clear();
  record.line = line;
  FieldsToCheck check;
  while (true) {  // one field per turn, unless 16-byte steps cut several
#ifdef __SSE2__
    if (plain_fields(data, size, pos, line, record, check)) break;
#endif
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
      check.add(record.fields.size(), record.fields.size());  // not looked at byte by byte
      record.fields.emplace_back(data + start, pos - start);
    } else {
      // Quoted: unescaped in place over the opening quote, which never passes the reading.
      size_t out = start;
      bool closed = false;
      unsigned unusual = 0;
      ++pos;
#ifdef __SSE2__
      closed = quoted_runs(data, size, pos, out, line, unusual);
#endif
      while (!closed && pos < size) {  // the last bytes of the input, or no SSE2
        unusual = 1;
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
        check.add(record.fields.size(), record.fields.size());
        record.error = "a quoted field is not closed before the end of the input";
        record.fields.emplace_back(data + start, out - start);
        break;
      }
      for (; pos < size && data[pos] != ',' && !is_line_end(data, size, pos); ++pos) {
        if (record.error.empty()) record.error = "text after the closing quote of a field";
        data[out++] = data[pos];
        unusual = 1;
      }
      if (unusual) check.add(record.fields.size(), record.fields.size());
      record.fields.emplace_back(data + start, out - start);
    }
    if (pos == size) break;  // the end of the input ends the record
    if (data[pos++] == ',') continue;
    if (data[pos - 1] == '\r') ++pos;  // CRLF
    ++line;
    break;
  }
  if (record.error.empty()) {
    for (size_t k = check.first; k <= check.last && k < record.fields.size(); ++k) {
      if (!source::is_text(record.fields[k])) {
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
