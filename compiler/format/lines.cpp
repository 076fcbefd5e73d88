// Splits the tokens into lines and writes a line's tokens with the canonical spacing.
#include "format/lines.hpp"

#include <algorithm>
#include <cstddef>
#include <set>

namespace bareme::format {
namespace {

bool is(const Token& t, std::string_view text) {
  return (t.kind == Token::Kind::Symbol || t.kind == Token::Kind::Word) && t.text == text;
}

// Operators written with one space on each side (`-`, `/`, `<` and `>` are not: they are also
// signs, units per period and type brackets).
bool spaced_operator(const Token& t) {
  static const std::set<std::string, std::less<>> ops = {
      "=", "==", "!=", "<=", ">=", "=>", "->", "+", "*"};
  return t.kind == Token::Kind::Symbol && ops.count(t.text) > 0;
}

// Keywords that never name anything: after one of them a `-` is a sign.
bool reserved_word(const Token& t) {
  static const std::set<std::string, std::less<>> words = {
      "and",    "assume", "at",     "capped", "combine", "else",  "enum",   "for",  "if",
      "import", "in",     "input",  "let",    "level",   "match", "module", "not",  "or",
      "param",  "property", "record", "scheme", "table",  "test",    "then",  "when",   "where"};
  return t.kind == Token::Kind::Word && words.count(t.text) > 0;
}

// True when `t` may end an operand, so that a `-` after it subtracts.
bool ends_operand(const Token& t) {
  switch (t.kind) {
    case Token::Kind::Number:
    case Token::Kind::Date:
    case Token::Kind::String:
      return true;
    case Token::Kind::Word:
      return !reserved_word(t);
    case Token::Kind::Symbol:
      return t.text == ")" || t.text == "]" || t.text == "}" || t.text == "€" || t.text == "k€" ||
             t.text == "M€" || t.text == "%";
    default:
      return false;
  }
}

// True when the `-` at `i` subtracts (a sign keeps its spacing as written).
bool binary_minus(const std::vector<Token>& tokens, size_t i, size_t from) {
  if (!is(tokens[i], "-") || i == from) return false;
  const Token& before = tokens[i - 1];
  // `at least -5`: `least` and `most` are words there, not values.
  if ((is(before, "least") || is(before, "most")) && i - 1 > from && is(tokens[i - 2], "at"))
    return false;
  return ends_operand(before);
}

bool closer(const Token& t) {
  return is(t, ")") || is(t, "]") || is(t, "}");
}

std::string separator(const std::vector<Token>& tokens, size_t i, size_t from) {
  const Token& before = tokens[i - 1];
  const Token& token = tokens[i];
  const bool glued = before.end == token.begin;
  // Two numbers with one space between them would read as one (`5 600`): they keep two.
  if (before.kind == Token::Kind::Number && !token.text.empty() && token.text[0] >= '0' &&
      token.text[0] <= '9')
    return std::string(std::max<uint32_t>(2, token.begin - before.end), ' ');
  if (is(token, ",")) return "";
  if (is(before, ",")) return glued && closer(token) ? "" : " ";
  if (spaced_operator(before) || spaced_operator(token)) return " ";
  // A table cell's bound: `| < 50 |` (elsewhere `<` and `>` may also bracket a type: `List<T>`).
  if ((is(before, "<") || is(before, ">")) && i >= 2 && is(tokens[i - 2], "|")) return " ";
  if (binary_minus(tokens, i, from) || (i - 1 > from && binary_minus(tokens, i - 1, from)))
    return " ";
  return glued ? "" : " ";
}

bool is_separator_at(const std::string& s, size_t i, size_t& length) {
  if (s[i] == ' ') return (length = 1), true;
  if (s.compare(i, 2, "\xC2\xA0") == 0) return (length = 2), true;
  if (s.compare(i, 3, "\xE2\x80\xAF") == 0) return (length = 3), true;
  return false;
}

}  // namespace

uint32_t width(const std::string& text) {
  uint32_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string canonical_number(const std::string& text) {
  std::string digits;
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    if (is_separator_at(text, i, length)) {
      i += length;
      continue;
    }
    digits += text[i++];
  }
  const size_t point = std::min(digits.find('.'), digits.size());
  const std::string whole = digits.substr(0, point);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ' ';
    grouped += whole[i];
  }
  return grouped + digits.substr(point);
}

std::string render(const std::vector<Token>& tokens, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += separator(tokens, i, from);
    const Token& t = tokens[i];
    // `priority 1000` stays as written: a level's priority is a rank, not an amount.
    const bool rank = i > 0 && is(tokens[i - 1], "priority");
    out += t.kind == Token::Kind::Number && !rank ? canonical_number(t.text) : t.text;
  }
  return out;
}

std::vector<Line> split_lines(const std::vector<Token>& tokens,
                              const std::vector<uint32_t>& declaration_starts) {
  std::vector<Line> lines;
  for (size_t i = 0; i < tokens.size();) {
    size_t end = i;
    while (end < tokens.size() && tokens[end].line == tokens[i].line) ++end;
    Line line;
    line.source_line = tokens[i].line;
    line.blank_before = !lines.empty() && tokens[i].line > lines.back().source_line + 1;
    line.starts_declaration =
        std::binary_search(declaration_starts.begin(), declaration_starts.end(), tokens[i].begin);
    line.indent = line.starts_declaration ? 0 : tokens[i].column - 1;
    line.body.assign(tokens.begin() + static_cast<ptrdiff_t>(i),
                     tokens.begin() + static_cast<ptrdiff_t>(end));
    if (line.body.back().kind == Token::Kind::Comment) {
      line.comment_column = line.body.back().column - 1;
      line.comment.push_back(std::move(line.body.back()));
      line.body.pop_back();
      // Trailing blanks of a comment go; its text stays.
      std::string& text = line.comment.back().text;
      text.erase(text.find_last_not_of(" \t") + 1);
    }
    const size_t n = line.body.size();
    if (n >= 3 && is(line.body[n - 2], "§") && line.body[n - 1].kind == Token::Kind::String) {
      line.citation_column = line.body[n - 2].column - 1;
      line.citation.assign(line.body.end() - 2, line.body.end());
      line.body.resize(n - 2);
    }
    line.text = render(line.body, 0, line.body.size());
    lines.push_back(std::move(line));
    i = end;
  }
  return lines;
}

std::string join(const std::vector<Line>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (line.blank_before) out += '\n';
    if (line.body.empty()) {  // a comment on its own line
      out += std::string(line.comment_column, ' ') + line.comment.front().text + '\n';
      continue;
    }
    out += std::string(line.indent, ' ') + line.text;
    uint32_t column = line.indent + width(line.text);
    if (!line.citation.empty()) {
      const uint32_t at = std::max(line.citation_column, column + 1);
      const std::string citation = render(line.citation, 0, line.citation.size());
      out += std::string(at - column, ' ') + citation;
      column = at + width(citation);
    }
    if (!line.comment.empty()) {
      const uint32_t at = std::max(line.comment_column, column + 1);
      out += std::string(at - column, ' ') + line.comment.front().text;
    }
    out += '\n';
  }
  return out;
}

}  // namespace bareme::format
