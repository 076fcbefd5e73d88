// Runs the ANTLR lexer over a text and copies its tokens, comments included, into plain values.
#include "syntax/tokens.hpp"

#include <BaremeLexer.h>
#include <antlr4-runtime.h>

#include <algorithm>

namespace bareme::syntax {
namespace {

using bareme_antlr::BaremeLexer;

Token::Kind kind_of(const antlr4::Token& t) {
  switch (t.getType()) {
    case BaremeLexer::NUMBER:
      return Token::Kind::Number;
    case BaremeLexer::DATE:
      return Token::Kind::Date;
    case BaremeLexer::STRING:
      return Token::Kind::String;
    case BaremeLexer::ID:
      return Token::Kind::Word;
    case BaremeLexer::COMMENT:
      return Token::Kind::Comment;
    case BaremeLexer::UNKNOWN_CHAR:
    case BaremeLexer::UNTERMINATED_STRING:
      return Token::Kind::Invalid;
    default:
      break;
  }
  // Keywords are the literal tokens made of ASCII letters (`k€` and `M€` are units: symbols).
  const std::string text = t.getText();
  const bool word = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  });
  return word ? Token::Kind::Word : Token::Kind::Symbol;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  const std::string owned(text);
  antlr4::ANTLRInputStream input(owned);
  BaremeLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<Token> out;
  for (const auto& t : lexer.getAllTokens()) {
    Token token;
    token.kind = kind_of(*t);
    token.text = t->getText();
    token.begin = static_cast<uint32_t>(t->getStartIndex());
    token.end = static_cast<uint32_t>(t->getStopIndex() + 1);
    token.line = static_cast<uint32_t>(t->getLine());
    token.column = static_cast<uint32_t>(t->getCharPositionInLine() + 1);
    out.push_back(std::move(token));
  }
  return out;
}

}  // namespace bareme::syntax
