// A linear pre-scan of a file's text that refuses nesting and operator runs too deep to parse.
//
// ANTLR's adaptive prediction and the parser's own calls recurse as deep as the input nests,
// and a long run of `-` or of binary operators makes prediction read far ahead at every step.
// This scan sees the same tokens as the lexer (roughly: it only needs brackets, operators and a
// few keywords) and stops such input before the lexer and parser spend time and stack on it.
#include "syntax/shape_scan.hpp"

#include <array>
#include <vector>

namespace bareme::syntax {
namespace {

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

// Blanks as the lexer's WS rule has them, including U+00A0, U+202F and U+FEFF; their length.
size_t blank_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF" || s.substr(i, 3) == "\xEF\xBB\xBF") return 3;
  return 0;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// `DDDD-DD-DD` at `i`: a date, whose dashes are no operators.
bool date_at(std::string_view s, size_t i) {
  static constexpr std::string_view shape = "dddd-dd-dd";
  if (i + shape.size() > s.size()) return false;
  for (size_t k = 0; k < shape.size(); ++k) {
    if (shape[k] == 'd' ? !digit(s[i + k]) : s[i + k] != '-') return false;
  }
  return i + shape.size() == s.size() || !word_byte(static_cast<unsigned char>(s[i + shape.size()]));
}

enum class Role { Operand, Binary, Prefix, Separator, Open, Close, If, Else, Other };

Role word_role(std::string_view w) {
  static constexpr std::array<std::string_view, 5> binary = {"and", "or", "in", "capped", "at"};
  static constexpr std::array<std::string_view, 23> separators = {
      "then",  "where", "for",   "when",  "let",  "input",  "param", "table",  "enum",   "record",
      "unit", "combine", "test", "assume", "import", "amount", "given", "expect", "aid", "cap", "level", "output",
      "property"};
  if (w == "not") return Role::Prefix;
  if (w == "if") return Role::If;
  if (w == "else") return Role::Else;
  for (auto b : binary) {
    if (w == b) return Role::Binary;
  }
  for (auto s : separators) {
    if (w == s) return Role::Separator;
  }
  return Role::Operand;
}

struct Frame {
  bool bracket;      // a bracket, or a pending `if`
  size_t operators;  // binary operators since the last separator at this level
};

}  // namespace

std::optional<ShapeProblem> scan_shape(std::string_view s) {
  std::vector<Frame> frames{{true, 0}};  // the file's top level
  size_t prefix_run = 0;
  Role previous = Role::Separator;
  size_t i = 0;
  while (i < s.size()) {
    if (const size_t blank = blank_length(s, i)) {
      i += blank;
      continue;
    }
    const char c = s[i];
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    const size_t start = i;
    Role role = Role::Other;
    if (c == '"') {
      for (++i; i < s.size() && s[i] != '"' && s[i] != '\n'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] != '\n') ++i;
      }
      if (i < s.size() && s[i] == '"') ++i;
      role = Role::Operand;
    } else if (digit(c) && date_at(s, i)) {
      i += 10;
      role = Role::Operand;
    } else if (word_byte(static_cast<unsigned char>(c))) {
      while (i < s.size() && word_byte(static_cast<unsigned char>(s[i])) && !blank_length(s, i)) {
        ++i;
      }
      // A decimal point belongs to its number.
      if (digit(c) && i + 1 < s.size() && s[i] == '.' && digit(s[i + 1])) {
        for (++i; i < s.size() && digit(s[i]); ++i) {
        }
      }
      role = word_role(s.substr(start, i - start));
    } else {
      const std::string_view two = s.substr(i, 2);
      if (two == "->" || two == "=>" || two == "<=" || two == ">=" || two == "==" || two == "!=") {
        i += 2;
        role = (two == "->" || two == "=>") ? Role::Separator : Role::Binary;
      } else {
        ++i;
        switch (c) {
          case '(': case '[': case '{': role = Role::Open; break;
          case ')': case ']': case '}': role = Role::Close; break;
          case '-':
            role = (previous == Role::Operand || previous == Role::Close) ? Role::Binary : Role::Prefix;
            break;
          case '+': case '*': case '/': case '<': case '>': case '.': role = Role::Binary; break;
          case '%': role = Role::Operand; break;
          case ',': case '|': case ':': case '=': role = Role::Separator; break;
          default:
            // `§` and any other character: a separator, which can only loosen the limits.
            if (static_cast<unsigned char>(c) == 0xC2 && i < s.size()) ++i;
            role = Role::Separator;
        }
      }
    }
    const ShapeProblem here{ShapeProblem::Kind::Nesting, start, i - start};
    prefix_run = role == Role::Prefix ? prefix_run + 1 : 0;
    switch (role) {
      case Role::Open:
      case Role::If:
        frames.push_back({role == Role::Open, 0});
        break;
      case Role::Close:
        while (frames.size() > 1 && !frames.back().bracket) frames.pop_back();
        if (frames.size() > 1) frames.pop_back();
        break;
      case Role::Else:
        if (frames.size() > 1 && !frames.back().bracket) frames.pop_back();
        frames.back().operators = 0;
        break;
      case Role::Separator:
        frames.back().operators = 0;
        break;
      case Role::Binary:
        if (++frames.back().operators > kMaxOperatorRun) {
          return ShapeProblem{ShapeProblem::Kind::OperatorRun, here.byte_offset, here.byte_length};
        }
        break;
      default:
        break;
    }
    if (prefix_run > kMaxNesting) {
      return ShapeProblem{ShapeProblem::Kind::PrefixRun, here.byte_offset, here.byte_length};
    }
    if (frames.size() - 1 + prefix_run > kMaxNesting) return here;
    previous = role;
  }
  return std::nullopt;
}

}  // namespace bareme::syntax
