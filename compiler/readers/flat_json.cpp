// The flat JSON object scanner behind fast JSON Lines reading.
#include "readers/flat_json.hpp"

#include "source/source_file.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace bareme::readers {
namespace {

#ifdef __SSE2__
// The offset of the first byte at or after `j` that `interesting` marks, whole chunks of 16
// at a time: at the chunk holding one, or where fewer than 16 bytes remain (the caller's byte
// loop goes on from there). `high` collects the bytes of 0x80 and above passed over.
template <class Interesting>
size_t skip_chunks(std::string_view s, size_t j, Interesting interesting, unsigned& high) {
  for (; j + 16 <= s.size(); j += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + j));
    const auto found = static_cast<unsigned>(_mm_movemask_epi8(interesting(v)));
    const unsigned before = found ? (found & (0 - found)) - 1 : 0xFFFFu;
    high |= static_cast<unsigned>(_mm_movemask_epi8(v)) & before;
    if (found) return j + static_cast<size_t>(__builtin_ctz(found));
  }
  return j;
}

__m128i bytes_equal(__m128i v, char c) {
  return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

// A quote, a backslash or a control character (below 0x20, compared unsigned).
__m128i string_stop(__m128i v) {
  const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
  return _mm_or_si128(_mm_or_si128(bytes_equal(v, '"'), bytes_equal(v, '\\')), control);
}

// Outside strings, what skip_nested looks at: quotes and brackets.
__m128i nested_stop(__m128i v) {
  return _mm_or_si128(
      _mm_or_si128(bytes_equal(v, '"'), _mm_or_si128(bytes_equal(v, '['), bytes_equal(v, ']'))),
      _mm_or_si128(bytes_equal(v, '{'), bytes_equal(v, '}')));
}

__m128i quote_or_backslash(__m128i v) {
  return _mm_or_si128(bytes_equal(v, '"'), bytes_equal(v, '\\'));
}
#endif

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

void skip_space(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
}

// A string without escapes or control characters, well-formed UTF-8, at s[i] == '"'.
bool plain_string(std::string_view s, size_t& i, std::string_view& out) {
  if (i >= s.size() || s[i] != '"') return false;
  size_t j = i + 1;
  unsigned char high = 0;
#ifdef __SSE2__
  unsigned high_bits = 0;
  j = skip_chunks(s, j, string_stop, high_bits);
  if (high_bits) high = 0x80;
#endif
  while (j < s.size() && s[j] != '"') {
    const auto c = static_cast<unsigned char>(s[j]);
    if (c == '\\' || c < 0x20) return false;
    high |= c;
    ++j;
  }
  if (j == s.size()) return false;
  out = s.substr(i + 1, j - i - 1);
  if (high >= 0x80 && !source::is_text(out)) return false;
  i = j + 1;
  return true;
}

// A JSON number without exponent: -?(0|[1-9][0-9]*)(.[0-9]+)?
bool plain_number(std::string_view s, size_t& i) {
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size() || !is_digit(s[i])) return false;
  if (s[i] == '0')
    ++i;
  else
    while (i < s.size() && is_digit(s[i])) ++i;
  if (i < s.size() && s[i] == '.') {
    const size_t fraction = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == fraction) return false;
  }
  return i == s.size() || (s[i] != 'e' && s[i] != 'E' && !is_digit(s[i]));
}

#ifdef __SSE2__
// Brackets matched 16 bytes at a time from s[j], with `depth` and `in_string` carried: the
// bytes inside strings are those after an odd number of quotes (a prefix XOR of the quote bits),
// and only the brackets outside them count. True with `i` past the closing bracket; false with
// `j` at the first chunk holding a backslash (an escaped quote breaks the parity) or where fewer
// than 16 bytes remain, for the byte loop to go on.
bool match_chunks(std::string_view s, size_t& i, size_t& j, int& depth, bool& in_string) {
  const auto mask = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  for (; j + 16 <= s.size(); j += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + j));
    if (mask(bytes_equal(v, '\\'))) return false;
    unsigned inside = mask(bytes_equal(v, '"'));  // becomes: bytes after an odd number of quotes
    inside ^= inside << 1;
    inside ^= inside << 2;
    inside ^= inside << 4;
    inside ^= inside << 8;
    if (in_string) inside = ~inside;
    inside &= 0xFFFFu;
    const unsigned opens = mask(_mm_or_si128(bytes_equal(v, '['), bytes_equal(v, '{'))) & ~inside;
    const unsigned closes = mask(_mm_or_si128(bytes_equal(v, ']'), bytes_equal(v, '}'))) & ~inside;
    for (unsigned brackets = opens | closes; brackets; brackets &= brackets - 1) {
      const unsigned bit = brackets & (0 - brackets);
      if (opens & bit) {
        ++depth;
      } else if (--depth == 0) {
        i = j + static_cast<size_t>(__builtin_ctz(bit)) + 1;
        return true;
      }
    }
    in_string = (inside >> 15) & 1;
  }
  return false;
}
#endif

// The end of the array or object starting at s[i], strings skipped; parse_json checks the rest.
bool skip_nested(std::string_view s, size_t& i) {
  int depth = 0;
  bool in_string = false;
  size_t j = i;
#ifdef __SSE2__
  if (match_chunks(s, i, j, depth, in_string)) return true;
#endif
  for (; j < s.size(); ++j) {
#ifdef __SSE2__
    unsigned high = 0;  // UTF-8 is parse_json's concern here
    j = in_string ? skip_chunks(s, j, quote_or_backslash, high)
                  : skip_chunks(s, j, nested_stop, high);
    if (j == s.size()) break;
#endif
    const char c = s[j];
    if (in_string) {
      if (c == '\\')
        ++j;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{')
      ++depth;
    else if ((c == ']' || c == '}') && --depth == 0) {
      i = j + 1;
      return true;
    }
  }
  return false;
}

}  // namespace

bool flat_object_at(std::string_view s, size_t& i, std::vector<FlatField>& fields) {
  fields.clear();
  skip_space(s, i);
  if (i >= s.size() || s[i] != '{') return false;
  ++i;
  skip_space(s, i);
  if (i < s.size() && s[i] == '}') return ++i, true;
  while (true) {
    FlatField f;
    skip_space(s, i);
    if (!plain_string(s, i, f.key)) return false;
    skip_space(s, i);
    if (i >= s.size() || s[i] != ':') return false;
    ++i;
    skip_space(s, i);
    if (i >= s.size()) return false;
    const size_t start = i;
    const char c = s[i];
    if (c == '"') {
      if (!plain_string(s, i, f.text)) return false;
      f.kind = CellKind::String;
    } else if (s.substr(i, 4) == "true" || s.substr(i, 5) == "false") {
      f.text = s[i] == 't' ? "true" : "false";
      f.kind = CellKind::Bool;
      i += f.text.size();
    } else if (c == '-' || is_digit(c)) {
      if (!plain_number(s, i)) return false;
      f.text = s.substr(start, i - start);
      f.kind = CellKind::Number;
    } else if (c == '[' || c == '{') {
      if (!skip_nested(s, i)) return false;
      f.text = s.substr(start, i - start);
      f.kind = CellKind::Nested;
    } else {
      return false;
    }
    fields.push_back(f);
    skip_space(s, i);
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i >= s.size() || s[i] != '}') return false;
    return ++i, true;
  }
}

bool flat_object(std::string_view s, std::vector<FlatField>& fields) {
  if (s.size() > inputs::kMaxJsonBytes) return false;
  size_t i = 0;
  if (!flat_object_at(s, i, fields)) return false;
  skip_space(s, i);
  return i == s.size();
}

bool flat_list(const ir::Program& p, ir::Type list, std::string_view s,
               std::vector<int64_t>& values, size_t& elements) {
  values.clear();
  elements = 0;
  if (s.size() > inputs::kMaxJsonBytes || !list.is(ir::TypeKind::List)) return false;
  const auto& fields = p.records[list.ref].fields;
  for (const auto& f : fields) {
    // Durations have two parts and nested values have columns of their own.
    if (f.type.is(ir::TypeKind::Duration) || f.type.is(ir::TypeKind::List) ||
        f.type.is(ir::TypeKind::Record))
      return false;
  }
  // A CSV cell is read as JSON only when it starts with the bracket.
  size_t i = 0;
  if (s.empty() || s[0] != '[') return false;
  ++i;
  skip_space(s, i);
  std::vector<FlatField> members;
  std::vector<bool> seen(fields.size());
  if (i < s.size() && s[i] == ']') {
    ++i;
  } else {
    while (true) {
      if (!flat_object_at(s, i, members) || members.size() != fields.size()) return false;
      const size_t base = values.size();
      values.resize(base + fields.size());
      seen.assign(fields.size(), false);
      for (const auto& m : members) {
        size_t f = 0;
        while (f < fields.size() && fields[f].name != m.key) ++f;
        if (f == fields.size() || seen[f])
          return false;  // unknown or repeated: the general reader words it
        seen[f] = true;
        if (!fast_scalar(p, fields[f].type, m.kind, m.text, values[base + f])) return false;
      }
      ++elements;
      skip_space(s, i);
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i >= s.size() || s[i] != ']') return false;
      ++i;
      break;
    }
  }
  skip_space(s, i);
  return i == s.size();
}

std::optional<inputs::Json> json_of(const FlatField& f) {
  if (f.kind == CellKind::Nested) {
    auto parsed = inputs::parse_json(f.text);
    if (auto* j = std::get_if<inputs::Json>(&parsed)) return std::move(*j);
    return std::nullopt;
  }
  inputs::Json j;
  j.kind = f.kind == CellKind::Number ? inputs::Json::Kind::Number
           : f.kind == CellKind::Bool ? inputs::Json::Kind::Bool
                                      : inputs::Json::Kind::String;
  j.text = f.text;
  j.boolean = f.text == "true";
  return j;
}

}  // namespace bareme::readers
