// The text and JSON renderings of diagnostics.
#include <gtest/gtest.h>

#include "diag/render.hpp"

namespace bareme::diag {
namespace {

class RenderTest : public ::testing::Test {
 protected:
  source::SourceManager sources;
  source::FileId file = sources.add("s.bareme", "scheme s \"S\"\namount = 3000 € + 2\n");
};

TEST_F(RenderTest, PrintsLocationSourceLineCaretAndHints) {
  Sink sink;
  sink.report(Id::MissingEuro, source::Span{file, 31, 32}, "`2` has no `€`").hint("write `2 €`");
  EXPECT_EQ(render_text(sink.diagnostics(), sources),
            "s.bareme:2:19: error[MissingEuro]: `2` has no `€`\n"
            "2 | amount = 3000 € + 2\n"
            "  |                   ^\n"
            "  = hint: write `2 €`\n");
}

TEST_F(RenderTest, UnderlinesTheWholeSpanAndLocatesNotes) {
  Sink sink;
  sink.report(Id::DuplicateName, source::Span{file, 13, 19}, "twice").note("first here", source::Span{file, 7, 8});
  const std::string text = render_text(sink.diagnostics(), sources);
  EXPECT_NE(text.find("  | ^~~~~~\n"), std::string::npos);
  EXPECT_NE(text.find("= note: first here (s.bareme:1:8)"), std::string::npos);
}

TEST_F(RenderTest, ColoursOnlyWhenAsked) {
  Sink sink;
  sink.report(Id::SyntaxError, source::Span{file, 0, 6}, "x");
  EXPECT_EQ(render_text(sink.diagnostics(), sources).find('\x1b'), std::string::npos);
  EXPECT_NE(render_text(sink.diagnostics(), sources, {true}).find("\x1b[1;31m"), std::string::npos);
}

TEST_F(RenderTest, WarningsSayWarning) {
  Sink sink;
  sink.report(Id::TableUnreachableRow, source::Span{file, 0, 6}, "never used");
  EXPECT_EQ(render_text(sink.diagnostics(), sources).rfind("s.bareme:1:1: warning[TableUnreachableRow]", 0), 0u);
  EXPECT_FALSE(sink.has_errors());
}

TEST_F(RenderTest, WindowsLongLines) {
  source::SourceManager many;
  const std::string line = "amount = " + std::string(500, 'x') + " + 2";
  const auto id = many.add("long.bareme", line);
  Sink sink;
  sink.report(Id::SyntaxError, source::Span{id, 505, 506}, "here");
  const std::string text = render_text(sink.diagnostics(), many);
  EXPECT_LT(text.size(), 400u);
  EXPECT_NE(text.find("…"), std::string::npos);
}

TEST_F(RenderTest, AnySpanOnAnyLineIsDrawnWithinItsWindow) {
  // Short and long lines (with a multi-byte character), spans starting anywhere up to past the
  // file's end, of any length up to past the file's end: a caret line, never a throw.
  source::SourceManager many;
  const std::string long_line = "x = " + std::string(150, '1') + " €\n";
  const std::string text = "(1 +\n" + long_line + "  2)\n" + long_line;
  const auto id = many.add("any.bareme", text);
  const auto size = static_cast<uint32_t>(text.size());
  for (uint32_t begin = 0; begin <= size + 2; ++begin) {
    for (uint32_t length : {0u, 1u, 2u, 7u, 99u, 100u, 101u, 400u, size + 10}) {
      Sink sink;
      sink.report(Id::SyntaxError, source::Span{id, begin, begin + length}, "here");
      std::string out;
      ASSERT_NO_THROW(out = render_text(sink.diagnostics(), many)) << begin << "+" << length;
      EXPECT_LT(out.size(), 600u) << begin << "+" << length;
      if (out.find(" | ") != std::string::npos) EXPECT_NE(out.find('^'), std::string::npos);
    }
  }
}

TEST_F(RenderTest, JsonHasIdsPositionsAndNotes) {
  Sink sink;
  sink.report(Id::MissingEuro, source::Span{file, 31, 32}, "m").hint("h");
  const std::string json = render_json({{sink.diagnostics(), sources}});
  EXPECT_NE(json.find("\"id\": \"MissingEuro\""), std::string::npos);
  EXPECT_NE(json.find("\"line\": 2"), std::string::npos);
  EXPECT_NE(json.find("\"column\": 19"), std::string::npos);
  EXPECT_NE(json.find("\"kind\": \"hint\""), std::string::npos);
}

TEST(Sink, KeepsIdenticalReportsOnceAndSortsByPosition) {
  Sink sink;
  sink.report(Id::UnknownName, source::Span{0, 9, 10}, "b");
  sink.report(Id::UnknownName, source::Span{0, 1, 2}, "a");
  sink.report(Id::UnknownName, source::Span{0, 9, 10}, "b").hint("ignored");
  sink.sort();
  ASSERT_EQ(sink.diagnostics().size(), 2u);
  EXPECT_EQ(sink.diagnostics()[0].message, "a");
  EXPECT_TRUE(sink.diagnostics()[1].notes.empty());
}

TEST(Registry, EveryIdHasANameAndASummary) {
  for (Id id : all_ids()) {
    EXPECT_FALSE(id_name(id).empty());
    EXPECT_FALSE(id_summary(id).empty());
  }
}

}  // namespace
}  // namespace bareme::diag
