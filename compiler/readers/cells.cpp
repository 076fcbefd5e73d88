// Fast cell conversion: the simple forms only; every other form is left to inputs::read_value.
#include "readers/cells.hpp"

#include <array>
#include <cctype>

#include "runtime/text_intern.hpp"
#include "runtime/values.hpp"

namespace bareme::readers {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// `-?digits(.digits)?` in units of 10^-scale, for at most 12 whole digits and `scale` decimals:
// always in range, and equal to what the general reader computes.
bool plain_number(std::string_view t, int scale, int64_t& out) {
  size_t i = 0;
  const bool negative = !t.empty() && t[0] == '-';
  if (negative) ++i;
  int64_t whole = 0;
  const size_t whole_start = i;
  while (i < t.size() && is_digit(t[i])) {
    if (i - whole_start == 12) return false;  // a 13th digit: left to the general reader
    whole = whole * 10 + (t[i++] - '0');
  }
  if (i == whole_start) return false;
  int64_t fraction = 0;
  int decimals = 0;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && is_digit(t[i]) && decimals < scale)
      fraction = fraction * 10 + (t[i++] - '0'), ++decimals;
    if (decimals == 0) return false;
  }
  if (i != t.size()) return false;
  for (int d = decimals; d < scale; ++d) fraction *= 10;
  int64_t scaled = whole;
  for (int d = 0; d < scale; ++d) scaled *= 10;
  scaled += fraction;
  out = negative ? -scaled : scaled;
  return true;
}

// `YYYY-MM-DD` through tables: the same days as runtime::parse_date, without its divisions.
bool table_date(std::string_view t, int64_t& out) {
  struct Tables {
    std::array<int32_t, 10000> year_start{};  // the day of 1 January, for years 1 to 9999
    std::array<bool, 10000> leap{};
    Tables() {
      for (int y = 1; y < 10000; ++y) {
        year_start[static_cast<size_t>(y)] =
            static_cast<int32_t>(*runtime::days_from_civil({y, 1, 1}));
        leap[static_cast<size_t>(y)] = runtime::is_leap_year(y);
      }
    }
  };
  static const Tables tables;
  static constexpr int kBefore[2][13] = {
      {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
      {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  int v[8];
  const size_t at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (size_t k = 0; k < 8; ++k) {
    if (!is_digit(t[at[k]])) return false;
    v[k] = t[at[k]] - '0';
  }
  const int year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], month = v[4] * 10 + v[5],
            day = v[6] * 10 + v[7];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const int leap = tables.leap[static_cast<size_t>(year)] ? 1 : 0;
  if (day > kBefore[leap][month] - kBefore[leap][month - 1]) return false;
  out = tables.year_start[static_cast<size_t>(year)] + kBefore[leap][month - 1] + day - 1;
  return true;
}

// A rate as `60 %` or a quantity as `22 kW` (at most one space before the sign or unit): what
// the general reader makes of such a text once it has removed its spaces.
bool suffixed(const ir::Program& p, ir::Type type, std::string_view t, int64_t& out) {
  const std::string_view suffix = type.is(ir::TypeKind::Rate)
                                      ? std::string_view("%")
                                      : std::string_view(p.units[type.ref].name);
  if (suffix.empty() || t.size() <= suffix.size() || t.substr(t.size() - suffix.size()) != suffix)
    return false;
  t.remove_suffix(suffix.size());
  if (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  return plain_number(
      t, type.is(ir::TypeKind::Rate) ? runtime::kDecimalDigits - 2 : runtime::kDecimalDigits, out);
}

}  // namespace

CellKind csv_cell_kind(std::string_view cell) {
  const char c = cell.empty() ? '\0' : cell[0];
  if (c == '[' || c == '{') return CellKind::Nested;
  if (cell == "true" || cell == "false") return CellKind::Bool;
  // A number is an optional sign, digits, and an optional fraction: `2022-03-01` is not one.
  size_t i = (c == '-' || c == '+') ? 1 : 0;
  const size_t digits_start = i;
  while (i < cell.size() && is_digit(cell[i])) ++i;
  bool numeric = i > digits_start;
  if (numeric && i < cell.size() && cell[i] == '.') {
    const size_t fraction = ++i;
    while (i < cell.size() && is_digit(cell[i])) ++i;
    numeric = i > fraction;
  }
  return numeric && i == cell.size() ? CellKind::Number : CellKind::String;
}

inputs::Json csv_cell_json(std::string_view cell) {
  switch (csv_cell_kind(cell)) {
    case CellKind::Nested:
      return inputs::json_from_argument(std::string(cell));
    case CellKind::Bool: {
      inputs::Json j;
      j.kind = inputs::Json::Kind::Bool;
      j.boolean = cell == "true";
      j.text = cell;
      return j;
    }
    case CellKind::Number: {
      inputs::Json j;
      j.kind = inputs::Json::Kind::Number;
      j.text = cell;
      return j;
    }
    case CellKind::String:
      break;
  }
  inputs::Json j;
  j.kind = inputs::Json::Kind::String;
  j.text = cell;
  return j;
}

bool fast_csv_scalar(const ir::Program& program, ir::Type type, std::string_view text,
                     int64_t& out) {
  using ir::TypeKind;
  switch (type.kind) {
    // A plain number is a CSV number, and a date is never a number, a boolean or nested JSON,
    // so these need not classify the cell first.
    case TypeKind::Int:
      return plain_number(text, 0, out);
    case TypeKind::Money:
      return plain_number(text, 2, out);
    case TypeKind::Decimal:
      return plain_number(text, runtime::kDecimalDigits, out);
    case TypeKind::Rate:
    case TypeKind::Quantity:  // `60 %` and `22 kW` are strings, plain numbers are numbers
      return plain_number(text, runtime::kDecimalDigits, out) || suffixed(program, type, text, out);
    case TypeKind::Date:
      return table_date(text, out);
    case TypeKind::Bool:  // the two words csv_cell_kind reads as booleans, without classifying
      if (text == "true" || text == "false") {
        out = text.size() == 4;
        return true;
      }
      return fast_scalar(program, type, csv_cell_kind(text), text, out);
    default:
      return fast_scalar(program, type, csv_cell_kind(text), text, out);
  }
}

bool fast_scalar(const ir::Program& program, ir::Type type, CellKind kind, std::string_view text,
                 int64_t& out) {
  using ir::TypeKind;
  switch (type.kind) {
    case TypeKind::Int:
      return kind == CellKind::Number && plain_number(text, 0, out);
    case TypeKind::Money:
      return kind == CellKind::Number && plain_number(text, 2, out);
    case TypeKind::Decimal:
      return kind == CellKind::Number && plain_number(text, runtime::kDecimalDigits, out);
    case TypeKind::Rate:
    case TypeKind::Quantity:
      if (kind == CellKind::Number) return plain_number(text, runtime::kDecimalDigits, out);
      return kind == CellKind::String && suffixed(program, type, text, out);
    case TypeKind::Bool:
      if (kind != CellKind::Bool) return false;
      out = text == "true" ? 1 : 0;
      return true;
    case TypeKind::Date: {
      return kind == CellKind::String && table_date(text, out);
    }
    case TypeKind::Enum: {
      // A case name, code or label in one hash lookup; numbers only as codes.
      const auto& en = program.enums[type.ref];
      if (kind != CellKind::String && !(kind == CellKind::Number && en.coded)) return false;
      // A few names are compared faster than hashed; names come first in precedence anyway.
      if (en.cases.size() <= 8) {
        for (size_t c = 0; c < en.cases.size(); ++c) {
          if (en.cases[c].name == text) {
            out = static_cast<int64_t>(c);
            return true;
          }
        }
      }
      const auto found = ir::find_case(en, text);
      if (found.kind != ir::CaseLookup::Kind::Found) return false;
      out = found.index;
      return true;
    }
    case TypeKind::Text:
      if (kind != CellKind::String && kind != CellKind::Number) return false;
      out = runtime::intern_text(text);
      return true;
    default:
      return false;  // durations, lists and records take the general path
  }
}

}  // namespace bareme::readers
