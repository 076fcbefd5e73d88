// The tokens of a file as plain values, comments included: what `bareme fmt` lays out again.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bareme::syntax {

// One token. Offsets, lines and columns count code points, like source::Span and Location.
struct Token {
  enum class Kind {
    Number,   // `2 700`, `5.5`
    Date,     // `2024-01-01`
    String,   // `"text"`, quotes included
    Word,     // a name or a keyword: `input`, `filed_on`, `and`
    Symbol,   // punctuation and operators: `(`, `<=`, `€`, `§`, `|`
    Comment,  // `# ...` to the end of its line, without the line break
    Invalid,  // a character the language does not use, or an unterminated string
  };
  Kind kind = Kind::Invalid;
  std::string text;     // as written, UTF-8
  uint32_t begin = 0;   // code-point offset of its first character
  uint32_t end = 0;     // code-point offset just past its last character
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based
};

// Every token of `text`, comments included, in order; blanks are left out.
std::vector<Token> tokenize(std::string_view text);

}  // namespace bareme::syntax
