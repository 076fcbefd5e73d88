// simd_list: simdjson On-Demand over a padded copy of the cell, one parser per thread.
#include "readers/simd_list.hpp"

#include <simdjson.h>

#include <cstring>
#include <string>
#include <utility>

#include "inputs/json.hpp"
#include "readers/cells.hpp"

namespace bareme::readers {
namespace {

namespace od = simdjson::ondemand;

// A JSON number without exponent: -?(0|[1-9][0-9]*)(.[0-9]+)?. On-Demand types a value by its
// first byte only, so `01`, `1.` or `-` must be refused here (for the general reader's error).
bool plain_json_number(std::string_view t) {
  const char* p = t.data();
  const char* const end = p + t.size();
  auto digit = [&] { return p != end && *p >= '0' && *p <= '9'; };
  if (p != end && *p == '-') ++p;
  if (!digit()) return false;
  if (*p == '0') {
    ++p;
  } else {
    while (digit()) ++p;
  }
  if (p != end && *p == '.') {
    ++p;
    if (!digit()) return false;
    while (digit()) ++p;
  }
  return p == end;
}

// The value of one member as fast_scalar sees it; false for null, arrays and objects.
bool scalar_of(od::value v, CellKind& kind, std::string_view& text) {
  od::json_type type;
  if (v.type().get(type)) return false;
  switch (type) {
    case od::json_type::number:
      // The token's own text, spaces after it cut: exact decimals, no double.
      text = v.raw_json_token();
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                               text.back() == '\r'))
        text.remove_suffix(1);
      kind = CellKind::Number;
      return plain_json_number(text);
    case od::json_type::string:
      kind = CellKind::String;
      return !v.get_string().get(text);
    case od::json_type::boolean: {
      bool b = false;
      if (v.get_bool().get(b)) return false;
      text = b ? "true" : "false";
      kind = CellKind::Bool;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

bool simd_list(const ir::Program& p, ir::Type list, std::string_view s,
               std::vector<int64_t>& values, size_t& elements) {
  values.clear();
  elements = 0;
  if (s.size() > inputs::kMaxJsonBytes || !list.is(ir::TypeKind::List)) return false;
  if (s.empty() || s[0] != '[') return false;
  const auto& fields = p.records[list.ref].fields;
  for (const auto& f : fields) {
    if (f.type.is(ir::TypeKind::Duration) || f.type.is(ir::TypeKind::List) ||
        f.type.is(ir::TypeKind::Record))
      return false;
  }
  if (s == "[]") return true;  // the common empty list, without starting a parser
  thread_local od::parser parser;
  thread_local std::string padded;
  thread_local std::vector<uint64_t> seen;  // a bit per field
  const size_t words = (fields.size() + 63) / 64;
  if (padded.size() < s.size() + simdjson::SIMDJSON_PADDING)
    padded.resize(s.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded.data(), s.data(), s.size());
  od::document doc;
  if (parser.iterate(padded.data(), s.size(), padded.size()).get(doc)) return false;
  od::array array;
  if (doc.get_array().get(array)) return false;
  for (auto element : array) {
    od::object object;
    if (element.get_object().get(object)) return false;
    const size_t base = values.size();
    values.resize(base + fields.size());
    seen.assign(words, 0);
    size_t given = 0;
    for (auto member : object) {
      // The key as written: field names have no quote or backslash, so a key equal to one
      // byte for byte is that name, and a key with escapes goes to the general reader.
      od::field field;
      if (std::move(member).get(field)) return false;
      const od::raw_json_string key = field.key();
      // Members usually come in field order: the given-th field first, then every field.
      size_t f = given;
      if (f >= fields.size() || !key.unsafe_is_equal(fields[f].name)) {
        f = 0;
        while (f < fields.size() && !key.unsafe_is_equal(fields[f].name)) ++f;
      }
      if (f == fields.size() || (seen[f / 64] >> (f % 64) & 1))
        return false;  // unknown or repeated: the general reader words it
      seen[f / 64] |= uint64_t{1} << (f % 64);
      ++given;
      CellKind kind;
      std::string_view text;
      if (!scalar_of(field.value(), kind, text) ||
          !fast_scalar(p, fields[f].type, kind, text, values[base + f]))
        return false;
    }
    if (given != fields.size()) return false;
    ++elements;
  }
  // Past the array only spaces may follow: the document is then at its end.
  return doc.current_location().error() == simdjson::OUT_OF_BOUNDS;
}

}  // namespace bareme::readers
