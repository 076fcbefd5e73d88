// `bareme fmt`'s entry: checks that the file parses, lays it out, checks the layout says the same.
#include "format/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "ast/dump.hpp"
#include "format/lines.hpp"
#include "syntax/parse.hpp"

namespace bareme::format {
namespace {

// The offsets where the header, each import and each declaration start.
std::vector<uint32_t> declaration_starts(const ast::File& file) {
  std::vector<uint32_t> starts{file.header.span.begin};
  for (const auto& i : file.imports) starts.push_back(i.span.begin);
  for (const auto& d : file.decls)
    std::visit([&](const auto& x) { starts.push_back(x.span.begin); }, d);
  std::sort(starts.begin(), starts.end());
  return starts;
}

std::string lay_out(const ast::File& file, std::string_view text) {
  std::vector<Line> lines = split_lines(syntax::tokenize(text), declaration_starts(file));
  align_tables(lines);
  align_periods(lines);
  align_trailing(lines);
  return join(lines);
}

// The tokens as the layout may write them: numbers canonical, comments without trailing blanks.
std::vector<std::string> token_texts(std::string_view text) {
  std::vector<std::string> out;
  for (auto& t : syntax::tokenize(text)) {
    if (t.kind == syntax::Token::Kind::Number) t.text = canonical_number(t.text);
    if (t.kind == syntax::Token::Kind::Comment) t.text.erase(t.text.find_last_not_of(" \t") + 1);
    out.push_back(std::move(t.text));
  }
  return out;
}

}  // namespace

std::optional<std::string> format_file(source::SourceManager& sources, source::FileId file,
                                       diag::Sink& sink) {
  const size_t errors_before = sink.error_count();
  auto ast = syntax::parse(sources, file, sink);
  if (!ast || sink.error_count() > errors_before) return std::nullopt;
  std::string formatted = lay_out(*ast, sources.file(file).text());
  const source::FileId again = sources.add(sources.file(file).path(), formatted);
  if (!same_meaning(sources, file, again, sink)) return std::nullopt;
  return formatted;
}

bool same_meaning(source::SourceManager& sources, source::FileId original, source::FileId formatted,
                  diag::Sink& sink) {
  diag::Sink before_errors, after_errors;
  auto before = syntax::parse(sources, original, before_errors);
  auto after = syntax::parse(sources, formatted, after_errors);
  std::string difference;
  if (!before || before_errors.has_errors()) {
    difference = fmt::format("`{}` does not parse", sources.file(original).path());
  } else if (!after || after_errors.has_errors()) {
    difference = "it does not parse";
  } else if (ast::dump(*before, sources, false) != ast::dump(*after, sources, false)) {
    difference = "it parses to another syntax tree";
  } else if (token_texts(sources.file(original).text()) !=
             token_texts(sources.file(formatted).text())) {
    difference = "it has other tokens or comments";
  }
  if (difference.empty()) return true;
  sink.report(diag::Id::FormatChangedMeaning, source::Span{original, 0, 0},
              fmt::format("`{}` does not say what `{}` says: {}", sources.file(formatted).path(),
                          sources.file(original).path(), difference))
      .hint(
          "when `bareme fmt` says this of its own layout, the file is left as it is: a bug of "
          "the formatter, please report it with the file");
  return false;
}

}  // namespace bareme::format
