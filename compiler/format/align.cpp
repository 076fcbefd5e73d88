// Column alignment: table cells, the periods of a `param`, trailing citations and comments.
#include <algorithm>

#include "format/lines.hpp"

namespace bareme::format {
namespace {

bool is(const Token& t, std::string_view text) {
  return (t.kind == Token::Kind::Symbol || t.kind == Token::Kind::Word) && t.text == text;
}

// A table row alone on its line: `| cell | cell |`.
bool row_line(const Line& line) {
  return line.body.size() >= 3 && is(line.body.front(), "|") && is(line.body.back(), "|");
}

// The cells of a row: the text between its `|`s outside brackets (`match` arms use `|` too).
std::vector<std::string> cells(const Line& line) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 1;
  for (size_t i = 1; i < line.body.size(); ++i) {
    const Token& t = line.body[i];
    if (is(t, "(") || is(t, "[") || is(t, "{")) ++depth;
    if (is(t, ")") || is(t, "]") || is(t, "}")) --depth;
    if (depth == 0 && is(t, "|")) {
      out.push_back(render(line.body, start, i));
      start = i + 1;
    }
  }
  return out;
}

void align_rows(std::vector<Line>& lines, const std::vector<size_t>& rows) {
  std::vector<std::vector<std::string>> table;
  std::vector<uint32_t> widths;
  for (size_t r : rows) {
    table.push_back(cells(lines[r]));
    for (size_t c = 0; c < table.back().size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], width(table.back()[c]));
    }
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    std::string text = "|";
    for (size_t c = 0; c < table[k].size(); ++c)
      text += " " + table[k][c] + std::string(widths[c] - width(table[k][c]), ' ') + " |";
    lines[rows[k]].text = text;
  }
}

// The index of the first `from DATE` or `until DATE` in a line after its first token, or 0.
size_t period_start(const Line& line) {
  for (size_t i = 1; i + 1 < line.body.size(); ++i)
    if ((is(line.body[i], "from") || is(line.body[i], "until")) &&
        line.body[i + 1].kind == Token::Kind::Date)
      return i;
  return 0;
}

}  // namespace

void align_tables(std::vector<Line>& lines) {
  std::vector<size_t> rows;
  for (size_t i = 0; i <= lines.size(); ++i) {
    // Comments on their own lines and blank lines do not end a table; any other line does.
    if (i < lines.size() && lines[i].body.empty()) continue;
    if (i < lines.size() && row_line(lines[i])) {
      rows.push_back(i);
      continue;
    }
    if (!rows.empty()) align_rows(lines, rows);
    rows.clear();
  }
}

void align_periods(std::vector<Line>& lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].starts_declaration || !is(lines[i].body.front(), "param")) continue;
    std::vector<std::pair<size_t, size_t>> periods;  // line, token
    size_t end = i;
    for (; end < lines.size() && (end == i || !lines[end].starts_declaration); ++end)
      if (const size_t k = period_start(lines[end])) periods.emplace_back(end, k);
    if (periods.size() >= 2) {
      uint32_t column = 0;
      for (auto [l, k] : periods)
        column = std::max(column, lines[l].indent + width(render(lines[l].body, 0, k)) + 1);
      for (auto [l, k] : periods) {
        Line& line = lines[l];
        const std::string before = render(line.body, 0, k);
        const uint32_t at = line.indent + width(before);
        line.text = before + std::string(column - at, ' ') + render(line.body, k, line.body.size());
      }
    }
    i = end - 1;
  }
}

void align_trailing(std::vector<Line>& lines) {
  // A run: lines one under the other, each with a body and a trailing citation (or comment)
  // starting at one column; the run's column grows to leave one space after its longest body.
  auto align = [&](auto has, auto end_of, auto column_of) {
    for (size_t i = 0; i < lines.size();) {
      if (!has(lines[i])) {
        ++i;
        continue;
      }
      size_t end = i + 1;
      // Only what the author aligned moves together: the lines where it starts at one column.
      while (end < lines.size() && has(lines[end]) && !lines[end].blank_before &&
             column_of(lines[end]) == column_of(lines[i]))
        ++end;
      uint32_t column = 0;
      for (size_t k = i; k < end; ++k)
        column = std::max({column, column_of(lines[k]), end_of(lines[k]) + 1});
      for (size_t k = i; k < end; ++k) column_of(lines[k]) = column;
      i = end;
    }
  };
  auto body_end = [](const Line& l) { return l.indent + width(l.text); };
  align([](const Line& l) { return !l.body.empty() && !l.citation.empty(); }, body_end,
        [](Line& l) -> uint32_t& { return l.citation_column; });
  align([](const Line& l) { return !l.body.empty() && !l.comment.empty(); },
        [&](const Line& l) {
          if (l.citation.empty()) return body_end(l);
          return l.citation_column + width(render(l.citation, 0, l.citation.size()));
        },
        [](Line& l) -> uint32_t& { return l.comment_column; });
}

}  // namespace bareme::format
