// Runs the lexer and parser over one file, reports bad characters and syntax errors, builds the AST.
#include "syntax/parse.hpp"

#include <BaremeLexer.h>
#include <BaremeParser.h>
#include <antlr4-runtime.h>
#include <fmt/format.h>

#include <map>

#include "syntax/ast_builder.hpp"
#include "syntax/error_listener.hpp"
#include "syntax/shape_scan.hpp"

namespace bareme::syntax {
namespace {

using bareme_antlr::BaremeLexer;
using bareme_antlr::BaremeParser;

source::Span token_span(source::FileId file, const antlr4::Token& t) {
  const auto begin = static_cast<uint32_t>(t.getStartIndex());
  return source::Span{file, begin, std::max(begin + 1, static_cast<uint32_t>(t.getStopIndex() + 1))};
}

// Lexes the file, keeping the tokens the parser reads. Bad characters and unterminated strings
// are reported here and dropped or repaired, so that the parser does not trip on them again.
// Tokens read their text from the lexer's input, which must outlive them.
// What an author who typed `c` most likely meant.
std::string character_hint(const std::string& c) {
  static const std::map<std::string, std::string> hints = {
      {"$", "amounts are written in euros: `3000 €`"},
      {"≤", "write `<=`"}, {"≥", "write `>=`"}, {"≠", "write `!=`"},
      {"'", "texts go between double quotes: \"text\""},
      {"«", "texts go between double quotes: \"text\""}, {"»", "texts go between double quotes: \"text\""},
      {";", "declarations need no `;`; start the next one on a new line"},
      {"&", "write `and`"}, {"!", "write `not`, or `!=` for a difference"},
      {"/*", "comments start with `#`"}, {"\\", "a backslash only escapes characters inside texts"},
  };
  auto it = hints.find(c);
  return it == hints.end() ? "" : it->second;
}

std::vector<std::unique_ptr<antlr4::Token>> lex(BaremeLexer& lexer, source::FileId file,
                                                diag::Sink& sink, size_t& lexical_errors,
                                                source::Span& last_error) {
  lexer.removeErrorListeners();
  std::vector<std::unique_ptr<antlr4::Token>> kept;
  size_t unterminated_line = 0;
  for (auto& token : lexer.getAllTokens()) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    if (token->getType() == BaremeLexer::UNKNOWN_CHAR) {
      last_error = token_span(file, *token);
      if (++lexical_errors <= kMaxSyntaxErrors) {
        auto& d = sink.report(diag::Id::UnexpectedCharacter, last_error,
                              fmt::format("the character `{}` has no meaning in a Barème file", token->getText()));
        if (auto hint = character_hint(token->getText()); !hint.empty()) d.hint(hint);
      }
      continue;
    }
    if (token->getType() == BaremeLexer::UNTERMINATED_STRING) {
      // The closing quote of a text split over two lines opens a second unterminated text:
      // one report is enough.
      const bool continuation = unterminated_line != 0 && token->getLine() == unterminated_line + 1;
      unterminated_line = token->getLine();
      ++lexical_errors;
      last_error = token_span(file, *token);
      if (continuation) continue;
      sink.report(diag::Id::UnterminatedString, last_error,
                  "this text has no closing `\"` before the end of the line")
          .hint("add `\"` where the text ends; a text cannot span several lines");
      auto repaired = std::make_unique<antlr4::CommonToken>(token.get());
      repaired->setType(BaremeLexer::STRING);
      repaired->setText(token->getText() + "\"");
      kept.push_back(std::move(repaired));
      continue;
    }
    kept.push_back(std::move(token));
  }
  return kept;
}

// The token types of a name (ID and the words that are keywords only in some places: the
// `ident` rule's first tokens) that may call, and the type of `(`. `expect` and `as of` are
// followed by an expression where they are keywords (`expect(a or b)` in a test), so a `(`
// after them stays a parenthesis: they are no names of functions.
struct NameTokens {
  antlr4::misc::IntervalSet names;
  size_t open_paren = 0;
};

const NameTokens& name_tokens() {
  static const NameTokens tokens = [] {
    std::vector<std::unique_ptr<antlr4::Token>> end;
    end.push_back(std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF));
    antlr4::ListTokenSource just_end(std::move(end));  // a parser needs a stream, never read
    antlr4::CommonTokenStream stream(&just_end);
    BaremeParser parser(&stream);
    const antlr4::atn::ATN& atn = parser.getATN();
    NameTokens out{atn.nextTokens(atn.ruleToStartState[BaremeParser::RuleIdent]), 0};
    const auto& vocabulary = parser.getVocabulary();
    for (size_t t = 1; t <= vocabulary.getMaxTokenType(); ++t) {
      const std::string literal = vocabulary.getLiteralName(t);
      if (literal == "'('") out.open_paren = t;
      if (literal == "'expect'" || literal == "'of'") out.names.remove(static_cast<ssize_t>(t));
    }
    return out;
  }();
  return tokens;
}

// Gives a `(` written right after a name, with nothing between them, the type CALL_OPEN: it
// opens a call's arguments (grammar/Bareme.g4).
void mark_call_parentheses(std::vector<std::unique_ptr<antlr4::Token>>& tokens) {
  const NameTokens& kinds = name_tokens();
  for (size_t i = 1; i < tokens.size(); ++i) {
    antlr4::Token& open = *tokens[i];
    const antlr4::Token& before = *tokens[i - 1];
    if (open.getType() != kinds.open_paren || before.getStopIndex() + 1 != open.getStartIndex() ||
        !kinds.names.contains(before.getType()))
      continue;
    if (auto* token = dynamic_cast<antlr4::CommonToken*>(&open)) token->setType(BaremeParser::CALL_OPEN);
  }
}

// The deepest chain of nested parse-tree nodes, measured without recursion. Operator chains
// such as `1 + 1 + ... + 1` nest in the tree without nesting in the parser's own calls.
antlr4::tree::ParseTree* too_deep(antlr4::tree::ParseTree* root) {
  std::vector<std::pair<antlr4::tree::ParseTree*, size_t>> stack{{root, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxTreeDepth) return node;
    for (auto* child : node->children) stack.emplace_back(child, depth + 1);
  }
  return nullptr;
}

// Characters before byte `byte` of well-formed UTF-8 `text`: the offset spans count in.
uint32_t char_offset(std::string_view text, size_t byte) {
  uint32_t offset = 0;
  for (unsigned char c : text.substr(0, byte)) offset += (c & 0xC0) != 0x80 ? 1 : 0;
  return offset;
}

void report_shape(const ShapeProblem& problem, std::string_view text, source::FileId file,
                  diag::Sink& sink) {
  const uint32_t begin = char_offset(text, problem.byte_offset);
  const source::Span span{file, begin,
                          char_offset(text, problem.byte_offset + problem.byte_length)};
  switch (problem.kind) {
    case ShapeProblem::Kind::Nesting:
      sink.report(diag::Id::TooDeep, span,
                  fmt::format("brackets, `if`s and signs nest more than {} deep here: too deeply "
                              "for the compiler",
                              kMaxNesting))
          .hint("split the expression into named `let` definitions");
      break;
    case ShapeProblem::Kind::PrefixRun:
      sink.report(diag::Id::TooDeep, span,
                  fmt::format("more than {} `-` or `not` in a row: too many for the compiler",
                              kMaxNesting))
          .hint("two `-` (or two `not`) in a row cancel out: remove them in pairs");
      break;
    case ShapeProblem::Kind::OperatorRun:
      sink.report(diag::Id::TooDeep, span,
                  fmt::format("more than {} operators in a row in one expression: too many for "
                              "the compiler",
                              kMaxOperatorRun))
          .hint("split the expression into named `let` definitions");
      break;
  }
}

}  // namespace

std::optional<ast::File> parse(const source::SourceManager& sources, source::FileId file,
                               diag::Sink& sink) {
  const auto& src = sources.file(file);
  if (const auto bad = source::first_non_text_byte(src.text())) {
    // The characters before the bad byte are well formed, so their count is its offset.
    const auto prefix = std::string_view(src.text()).substr(0, *bad);
    uint32_t offset = 0;
    for (unsigned char c : prefix) offset += (c & 0xC0) != 0x80 ? 1 : 0;
    const auto byte = static_cast<unsigned char>(src.text()[*bad]);
    sink.report(diag::Id::NotText, source::Span{file, offset, offset + 1},
                byte == 0 ? fmt::format("`{}` holds a NUL byte: it is a binary file, not a scheme", src.path())
                          : fmt::format("`{}` is not UTF-8 text: byte 0x{:02X} cannot start or continue a character",
                                        src.path(), byte))
        .hint(byte == 0 ? "a scheme file is plain text in UTF-8"
                        : "save the file as UTF-8; this byte suggests Latin-1 or Windows-1252");
    return std::nullopt;
  }
  // Nesting and operator runs are bounded before ANTLR, whose prediction recurses and reads
  // ahead as far as they go.
  if (const auto problem = scan_shape(src.text())) {
    report_shape(*problem, src.text(), file, sink);
    return std::nullopt;
  }
  size_t lexical_errors = 0;
  source::Span last_error{file, 0, 0};
  antlr4::ANTLRInputStream input(src.text());
  BaremeLexer lexer(&input);
  auto tokens = lex(lexer, file, sink, lexical_errors, last_error);
  if (lexical_errors > kMaxSyntaxErrors) {
    sink.report(diag::Id::TooManyErrors, last_error,
                fmt::format("too many unexpected characters in `{}`; stopped reading it", src.path()));
    return std::nullopt;
  }
  // Bad characters and broken texts are reported alone: what the parser would say after them
  // is mostly their echo.
  if (lexical_errors > 0) return std::nullopt;
  if (tokens.empty()) {
    const bool blank = src.text().find_first_not_of(" \t\r\n") == std::string::npos;
    sink.report(diag::Id::EmptyFile, source::Span{file, 0, 0},
                blank ? fmt::format("`{}` is empty", src.path())
                      : fmt::format("`{}` holds only comments", src.path()))
        .hint("a Barème file starts with `scheme NAME \"title\"` or `module NAME`");
    return std::nullopt;
  }

  mark_call_parentheses(tokens);
  antlr4::ListTokenSource token_source(std::move(tokens));
  antlr4::CommonTokenStream stream(&token_source);
  BaremeParser parser(&stream);
  parser.removeErrorListeners();
  DepthGuard guard;
  parser.addParseListener(&guard);

  BaremeParser::FileContext* tree = nullptr;
  ErrorListener listener(file, sink);
  try {
    // Fast pass: SLL prediction, bailing out at the first error.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      tree = parser.file();
    } catch (const antlr4::ParseCancellationException&) {
      // Slow pass: full LL prediction with error recovery and reporting.
      stream.seek(0);
      parser.reset();
      guard = DepthGuard{};
      parser.addErrorListener(&listener);
      parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      tree = parser.file();
    }
  } catch (const StopParsing& stop) {
    const antlr4::Token* at = stream.LT(1);
    const source::Span span = at ? token_span(file, *at) : source::Span{file, 0, 0};
    if (stop.reason == diag::Id::TooDeep) {
      sink.report(diag::Id::TooDeep, span, "this expression is nested too deeply for the compiler")
          .hint("split it into named `let` definitions");
    } else {
      sink.report(diag::Id::TooManyErrors, span,
                  fmt::format("too many syntax errors in `{}`; stopped reading it", src.path()));
    }
    return std::nullopt;
  }
  if (listener.errors() > 0 || lexical_errors > 0 || tree == nullptr) return std::nullopt;
  if (auto* deep = too_deep(tree)) {
    const antlr4::Token* at = nullptr;
    if (auto* ctx = dynamic_cast<antlr4::ParserRuleContext*>(deep)) at = ctx->getStart();
    if (auto* leaf = dynamic_cast<antlr4::tree::TerminalNode*>(deep)) at = leaf->getSymbol();
    sink.report(diag::Id::TooDeep, at ? token_span(file, *at) : source::Span{file, 0, 0},
                "this expression is nested too deeply, or chains too many operators, for the compiler")
        .hint("split it into named `let` definitions");
    return std::nullopt;
  }
  return build_ast(*tree, file, sink);
}

}  // namespace bareme::syntax
