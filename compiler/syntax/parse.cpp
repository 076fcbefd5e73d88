// Runs the lexer and parser over one file, reports bad characters and syntax errors, builds the AST.
#include "syntax/parse.hpp"

#include <BaremeLexer.h>
#include <BaremeParser.h>
#include <antlr4-runtime.h>
#include <fmt/format.h>

#include "syntax/ast_builder.hpp"
#include "syntax/error_listener.hpp"

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
std::vector<std::unique_ptr<antlr4::Token>> lex(BaremeLexer& lexer, source::FileId file,
                                                diag::Sink& sink, size_t& lexical_errors) {
  lexer.removeErrorListeners();
  std::vector<std::unique_ptr<antlr4::Token>> kept;
  for (auto& token : lexer.getAllTokens()) {
    if (token->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    if (token->getType() == BaremeLexer::UNKNOWN_CHAR) {
      if (++lexical_errors <= kMaxSyntaxErrors) {
        sink.report(diag::Id::UnexpectedCharacter, token_span(file, *token),
                    fmt::format("the character `{}` has no meaning in a Barème file", token->getText()))
            .hint("`#` starts a comment; texts go between double quotes");
      }
      continue;
    }
    if (token->getType() == BaremeLexer::UNTERMINATED_STRING) {
      ++lexical_errors;
      sink.report(diag::Id::UnterminatedString, token_span(file, *token),
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

}  // namespace

std::optional<ast::File> parse(const source::SourceManager& sources, source::FileId file,
                               diag::Sink& sink) {
  const auto& src = sources.file(file);
  if (!source::is_text(src.text())) {
    sink.report(diag::Id::NotText, source::Span{file, 0, 0},
                fmt::format("`{}` is not UTF-8 text; is it a binary file?", src.path()))
        .hint("a scheme file is plain text in UTF-8");
    return std::nullopt;
  }
  size_t lexical_errors = 0;
  antlr4::ANTLRInputStream input(src.text());
  BaremeLexer lexer(&input);
  auto tokens = lex(lexer, file, sink, lexical_errors);
  if (lexical_errors > kMaxSyntaxErrors) {
    sink.report(diag::Id::TooManyErrors, source::Span{file, 0, 0},
                fmt::format("too many unexpected characters in `{}`; stopped reading it", src.path()));
    return std::nullopt;
  }
  if (tokens.empty()) {
    sink.report(diag::Id::EmptyFile, source::Span{file, 0, 0},
                fmt::format("`{}` is empty", src.path()))
        .hint("a Barème file starts with `scheme NAME \"title\"` or `module NAME`");
    return std::nullopt;
  }

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
      sink.report(diag::Id::TooDeep, span,
                  fmt::format("this expression is nested too deeply (over {} levels)", kMaxRuleDepth / 3))
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
                fmt::format("this expression is nested too deeply (over {} levels)", kMaxRuleDepth / 3))
        .hint("split it into named `let` definitions");
    return std::nullopt;
  }
  return build_ast(*tree, file, sink);
}

}  // namespace bareme::syntax
