// Where a block of CSV stops being whole records: quotes paired 64 bytes at a time.
#include <cstdint>
#include <cstring>

#include "readers/csv.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace bareme::readers {
namespace {

// Bit j of the result is the parity of the set bits 0..j of x: 1 inside a quoted run.
uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// One bit per byte of 64: quotes, commas, line feeds and carriage returns.
struct Masks {
  uint64_t quote = 0, comma = 0, newline = 0, cr = 0;
};

Masks masks_of(const char* p) {
  Masks m;
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"'), comma = _mm_set1_epi8(','),
                newline = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const auto bits = [&](__m128i c) {
      return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c))))
             << (16 * k);
    };
    m.quote |= bits(quote);
    m.comma |= bits(comma);
    m.newline |= bits(newline);
    m.cr |= bits(cr);
  }
#else
  for (int j = 0; j < 64; ++j) {
    const uint64_t bit = uint64_t{1} << j;
    m.quote |= p[j] == '"' ? bit : 0;
    m.comma |= p[j] == ',' ? bit : 0;
    m.newline |= p[j] == '\n' ? bit : 0;
    m.cr |= p[j] == '\r' ? bit : 0;
  }
#endif
  return m;
}

}  // namespace

// A quote opens a field only at its start: after a comma, a line feed, the block's start, or
// the first quote of a doubled pair. Where every quote that pairing calls an opener is there, a
// line feed ends a record exactly when an even number of quotes precede it, as parse_csv_record's
// states decide. The two differ only on text after a closing quote (`"a"b`), where they keep
// every quote up to the next comma or line feed as text: the first such quote is an opener
// after a byte that is not allowed there, so the block goes to the byte loop.
size_t whole_records(std::string_view data) {
  const char* p = data.data();
  const size_t size = data.size();
  if (std::memchr(p, '"', size) == nullptr) {  // without quotes, every line feed ends a record
    const void* last = memrchr(p, '\n', size);
    return last ? static_cast<size_t>(static_cast<const char*>(last) - p) + 1 : 0;
  }
  size_t whole = 0;
  uint64_t inside = 0;     // all ones when the previous chunk ended inside quotes
  uint64_t opener_ok = 1;  // bit 0: the previous byte lets a quote open a field
  char tail[64];
  for (size_t i = 0; i < size; i += 64) {
    const size_t n = size - i < 64 ? size - i : 64;
    const char* chunk = p + i;
    if (n < 64) {
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, chunk, n);
      chunk = tail;
    }
    const Masks m = masks_of(chunk);
    const uint64_t valid = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    const uint64_t in_quotes = prefix_xor(m.quote) ^ inside;  // bit j: inside after byte j
    const uint64_t openers = m.quote & in_quotes;
    const uint64_t before_ok = ((m.comma | m.newline | m.quote) << 1) | opener_ok;
    if (openers & ~before_ok & valid) return whole_records_by_bytes(data);
    const uint64_t ends = m.newline & ~in_quotes & valid;
    if (ends) whole = i + 64 - static_cast<size_t>(__builtin_clzll(ends));
    inside = (in_quotes >> 63) ? ~uint64_t{0} : 0;
    opener_ok = ((m.comma | m.newline | m.quote) >> 63) & 1;
  }
  return whole;
}

}  // namespace bareme::readers
