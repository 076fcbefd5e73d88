// Turns ANTLR's syntax errors into diagnostics that read as sentences.
#pragma once

#include <BaremeParser.h>
#include <antlr4-runtime.h>

#include "diag/diagnostic.hpp"

namespace bareme::syntax {

// Thrown through the parser to stop it; caught in parse(), never outside the phase.
struct StopParsing {
  diag::Id reason;
};

inline constexpr size_t kMaxSyntaxErrors = 20;
inline constexpr size_t kMaxRuleDepth = 600;
inline constexpr size_t kMaxTreeDepth = 600;

class ErrorListener : public antlr4::BaseErrorListener {
 public:
  ErrorListener(source::FileId file, diag::Sink& sink) : file_(file), sink_(sink) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& message, std::exception_ptr error) override;
  size_t errors() const { return errors_; }

 private:
  source::FileId file_;
  diag::Sink& sink_;
  size_t errors_ = 0;
  size_t last_line_ = 0;
};

// Stops the parser when rules nest deeper than kMaxRuleDepth, so that no input overflows the stack.
class DepthGuard : public antlr4::tree::ParseTreeListener {
 public:
  void enterEveryRule(antlr4::ParserRuleContext*) override {
    if (++depth_ > kMaxRuleDepth) throw StopParsing{diag::Id::TooDeep};
  }
  void exitEveryRule(antlr4::ParserRuleContext*) override {
    if (depth_ > 0) --depth_;
  }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  size_t depth_ = 0;
};

// A token as a policy author would name it: "the name `foo`", "the end of the file".
std::string describe_token(const antlr4::Token* token, const antlr4::dfa::Vocabulary& vocabulary);

}  // namespace bareme::syntax
