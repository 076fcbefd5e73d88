// simd_list: simdjson On-Demand over a padded copy of the cell, one parser per thread.
#include "readers/simd_list.hpp"

#include <simdjson.h>

#include <cstring>
#include <string>

#include "inputs/json.hpp"
#include "readers/cells.hpp"

namespace bareme::readers {
namespace {

namespace od = simdjson::ondemand;

// A JSON number without exponent: -?(0|[1-9][0-9]*)(.[0-9]+)?. On-Demand types a value by its
// first byte only, so `01`, `1.` or `-` must be refused here (for the general reader's error).
bool plain_json_number(std::string_view t) {
  size_t i = t.size() && t[0] == '-' ? 1 : 0;
  auto digit = [&](size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
  if (!digit(i)) return false;
  if (t[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < t.size() && t[i] == '.') {
    if (!digit(++i)) return false;
    while (digit(i)) ++i;
  }
  return i == t.size();
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
  thread_local std::vector<bool> seen;
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
    seen.assign(fields.size(), false);
    size_t given = 0;
    for (auto member : object) {
      std::string_view key;
      if (member.unescaped_key().get(key)) return false;
      size_t f = 0;
      while (f < fields.size() && fields[f].name != key) ++f;
      if (f == fields.size() || seen[f]) return false;  // the general reader words it
      seen[f] = true;
      ++given;
      CellKind kind;
      std::string_view text;
      if (!scalar_of(member.value(), kind, text) ||
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
