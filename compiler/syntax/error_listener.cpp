// Syntax error messages: what was expected, what was found, and where in the file's structure.
#include "syntax/error_listener.hpp"

#include <fmt/format.h>

#include <map>

namespace bareme::syntax {
namespace {

using P = bareme_antlr::BaremeParser;

// The construct being parsed, from the innermost rule that a person would recognise.
std::string context_phrase(const std::vector<std::string>& stack) {
  static const std::map<std::string, std::string> phrases = {
      {"tableRow", "in this table row"},
      {"cell", "in this table cell"},
      {"matchArm", "in this match arm"},
      {"header", "in the scheme header"},
      {"headerItem", "in the scheme header"},
      {"importDecl", "in this import"},
      {"enumDecl", "in this enum"},
      {"recordDecl", "in this record"},
      {"unitDecl", "in this unit declaration"},
      {"inputDecl", "in this input"},
      {"paramDecl", "in this parameter"},
      {"letDecl", "in this definition"},
      {"assumeDecl", "in this assumption"},
      {"propertyDecl", "in this property"},
      {"outputDecl", "in this list of outputs"},
      {"tableDecl", "in this table"},
      {"eligibleDecl", "in the eligibility conditions"},
      {"condition", "in this condition"},
      {"amountDecl", "in the amount"},
      {"combineDecl", "in this combine"},
      {"combineItem", "in this combine"},
      {"levelDecl", "in this level"},
      {"membership", "in this level membership"},
      {"testDecl", "in this test"},
      {"testItem", "in this test"},
      {"type", "in this type"},
  };
  for (const auto& rule : stack) {
    auto it = phrases.find(rule);
    if (it != phrases.end()) return it->second;
  }
  return "";
}

// The name of a token type as written in a scheme: `)` rather than ')'.
std::string token_name(size_t type, const antlr4::dfa::Vocabulary& vocabulary) {
  if (type == P::CALL_OPEN) return "`(` right after the name";
  const std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2) return fmt::format("`{}`", literal.substr(1, literal.size() - 2));
  return vocabulary.getDisplayName(type);
}

std::string describe_expected(const antlr4::misc::IntervalSet& expected,
                              const antlr4::dfa::Vocabulary& vocabulary) {
  auto has = [&](size_t type) { return expected.contains(static_cast<ssize_t>(type)); };
  if (has(P::NUMBER) && has(P::DATE) && has(P::ID)) return "an expression";
  if (has(P::ID)) return "a name";
  std::vector<std::string> words;
  for (ssize_t t : expected.toList()) {
    if (t == static_cast<ssize_t>(antlr4::Token::EOF)) {
      words.push_back("the end of the file");
    } else if (t == P::STRING) {
      words.push_back("a quoted text");
    } else if (t == P::DATE) {
      words.push_back("a date");
    } else if (t == P::NUMBER) {
      words.push_back("a number");
    } else {
      words.push_back(token_name(static_cast<size_t>(t), vocabulary));
    }
  }
  if (words.empty() || words.size() > 5) return "";
  std::string out = words[0];
  for (size_t i = 1; i < words.size(); ++i) out += (i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

}  // namespace

std::string describe_token(const antlr4::Token* token, const antlr4::dfa::Vocabulary& vocabulary) {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return "the end of the file";
  const std::string text = token->getText();
  switch (token->getType()) {
    case P::ID: return fmt::format("the name `{}`", text);
    case P::NUMBER: return fmt::format("the number `{}`", text);
    case P::DATE: return fmt::format("the date `{}`", text);
    case P::STRING: return fmt::format("the text {}", text.size() > 40 ? text.substr(0, 37) + "...\"" : text);
    default: break;
  }
  (void)vocabulary;
  if (!text.empty() && std::isalpha(static_cast<unsigned char>(text[0]))) {
    return fmt::format("the word `{}`", text);
  }
  return fmt::format("`{}`", text);
}

void ErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                size_t line, size_t, const std::string& message,
                                std::exception_ptr) {
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  if (parser == nullptr || offending == nullptr) return;
  // One report per line: the parser's recovery often trips again on the same line.
  if (errors_ > 0 && line == last_line_) return;
  last_line_ = line;
  if (++errors_ > kMaxSyntaxErrors) throw StopParsing{diag::Id::TooManyErrors};

  const auto& vocabulary = parser->getVocabulary();
  const std::string found = describe_token(offending, vocabulary);
  std::string expected;
  try {
    expected = describe_expected(parser->getExpectedTokens(), vocabulary);
  } catch (...) {
    expected.clear();
  }
  const std::vector<std::string> stack = parser->getRuleInvocationStack();
  std::string where = context_phrase(stack);
  const antlr4::Token* previous = parser->getTokenStream()->LT(-1);
  const bool at_start = previous == nullptr || offending->getTokenIndex() == 0;

  std::string text;
  if (at_start && !stack.empty() && stack.back() == "file" &&
      (stack.size() == 1 || stack[stack.size() - 2] == "header")) {
    text = fmt::format("a Barème file starts with `scheme NAME \"title\"` or `module NAME`, found {}",
                       found);
  } else if (message.rfind("missing ", 0) == 0 && !expected.empty()) {
    text = fmt::format("expected {} {}, found {}", expected,
                       previous ? fmt::format("after `{}`", previous->getText()) : "here", found);
  } else {
    // "unexpected word `param`" rather than "unexpected the word `param`".
    const std::string bare = found.rfind("the ", 0) == 0 ? found.substr(4) : found;
    text = fmt::format("unexpected {}{}", bare, where.empty() ? "" : " " + where);
    if (!expected.empty()) text += "; expected " + expected;
  }

  const auto begin = static_cast<uint32_t>(offending->getStartIndex());
  uint32_t end = static_cast<uint32_t>(offending->getStopIndex() + 1);
  if (offending->getType() == antlr4::Token::EOF || end <= begin) end = begin + 1;
  auto& d = sink_.report(diag::Id::SyntaxError, source::Span{file_, begin, end}, text);
  if (offending->getType() == antlr4::Token::EOF && previous != nullptr) {
    d.hint("the file ends in the middle of a declaration");
  }
  // `f (x)`: a call's `(` is written right after the name (grammar/Bareme.g4, CALL_OPEN).
  if (offending->getText() == "(" && previous != nullptr && previous->getLine() == offending->getLine() &&
      previous->getStopIndex() + 1 < offending->getStartIndex() &&
      (previous->getType() == P::ID || std::isalpha(static_cast<unsigned char>(previous->getText()[0])))) {
    d.hint(fmt::format("to call `{0}`, write the `(` right after the name: `{0}(`", previous->getText()));
  }
}

}  // namespace bareme::syntax
