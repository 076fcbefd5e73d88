// The formatter's working form: the tokens of each source line, and how a line is written out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "syntax/tokens.hpp"

namespace bareme::format {

using syntax::Token;

// One source line that holds tokens.
struct Line {
  uint32_t source_line = 0;
  bool blank_before = false;        // blank lines stood between it and the line before
  bool starts_declaration = false;  // its first token starts a declaration, the header or an import
  uint32_t indent = 0;              // columns before its first token
  std::vector<Token> body;          // its tokens but a trailing citation and comment
  std::vector<Token> citation;      // `§ "..."` ending the line after other tokens, or empty
  std::vector<Token> comment;       // the comment ending the line (or being it), or empty
  uint32_t citation_column = 0;     // where the citation stood (0-based), then where it goes
  uint32_t comment_column = 0;      // where the comment stood (0-based), then where it goes
  std::string text;                 // the body as written out, without the indent
};

// Groups `tokens` (tokenize's output) into lines. `declaration_starts` are the offsets where a
// declaration, the header or an import starts: a line opening with one is indented by 0.
std::vector<Line> split_lines(const std::vector<Token>& tokens,
                              const std::vector<uint32_t>& declaration_starts);

// `tokens[from, to)` written with the canonical spacing between them.
std::string render(const std::vector<Token>& tokens, size_t from, size_t to);

// A number as written canonically: thousands grouped by one space, the fraction untouched.
std::string canonical_number(const std::string& text);

// Characters (code points) in a UTF-8 text: the width the layout counts in.
uint32_t width(const std::string& text);

// Lays out tables, `param` periods, then trailing citations and comments (align.cpp).
void align_tables(std::vector<Line>& lines);
void align_periods(std::vector<Line>& lines);
void align_trailing(std::vector<Line>& lines);

// The lines as one text, ending with one line break.
std::string join(const std::vector<Line>& lines);

}  // namespace bareme::format
