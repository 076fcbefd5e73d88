// Span to line/column mapping, line extraction and UTF-8 checks.
#include <gtest/gtest.h>

#include "source/source_file.hpp"

namespace bareme::source {
namespace {

TEST(SourceFile, LocatesOffsetsInCharactersNotBytes) {
  // "é" is two bytes but one character.
  SourceFile f("a.bareme", "ab\nécole = 1\n\nz");
  EXPECT_EQ(f.locate(0).line, 1u);
  EXPECT_EQ(f.locate(0).column, 1u);
  EXPECT_EQ(f.locate(2).column, 3u);  // the newline of line 1
  EXPECT_EQ(f.locate(3).line, 2u);
  EXPECT_EQ(f.locate(3).column, 1u);
  EXPECT_EQ(f.locate(4).column, 2u);  // the "c" after "é"
  EXPECT_EQ(f.locate(13).line, 3u);
  EXPECT_EQ(f.locate(14).line, 4u);
  EXPECT_EQ(f.line_count(), 4u);
}

TEST(SourceFile, ReturnsLinesWithoutTerminators) {
  SourceFile f("a.bareme", "first\r\nsecond\nthird");
  EXPECT_EQ(f.line_text(1), "first");
  EXPECT_EQ(f.line_text(2), "second");
  EXPECT_EQ(f.line_text(3), "third");
  EXPECT_EQ(f.line_text(4), "");
  EXPECT_EQ(f.line_text(0), "");
}

TEST(SourceFile, SlicesByCharacterOffsets) {
  SourceFile f("a.bareme", "x = région\ny");
  EXPECT_EQ(f.slice(4, 10), "région");
  EXPECT_EQ(f.slice(11, 12), "y");
}

TEST(SourceFile, AcceptsOnlyWellFormedUtf8WithoutNul) {
  EXPECT_TRUE(is_text("plain"));
  EXPECT_TRUE(is_text("Île-de-France 2 700 €"));
  EXPECT_FALSE(is_text(std::string("a\0b", 3)));
  EXPECT_FALSE(is_text("\xC3"));          // truncated sequence
  EXPECT_FALSE(is_text("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_text("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_text("\xFF"));
}

// Long ASCII runs are passed over 16 bytes at a time: the first bad byte is still found
// wherever it falls, before, inside or after a chunk, and good sequences are still accepted.
TEST(SourceFile, FindsTheFirstBadByteAtEveryPositionOfALongText) {
  for (size_t at = 0; at < 50; ++at) {
    const std::string ascii(52, 'a');
    std::string with_nul = ascii, with_ff = ascii, truncated = ascii.substr(0, at) + "\xC3";
    with_nul[at] = '\0';
    with_ff[at] = '\xFF';
    EXPECT_EQ(first_non_text_byte(with_nul), at);
    EXPECT_EQ(first_non_text_byte(with_ff), at);
    EXPECT_EQ(first_non_text_byte(truncated), at);
    std::string accented = ascii;
    accented.replace(at, 2, "\xC3\xA9");  // é
    EXPECT_EQ(first_non_text_byte(accented), std::nullopt);
    EXPECT_EQ(first_non_text_byte(accented + "\xED\xA0\x80" + ascii), accented.size());
  }
}

TEST(Span, CoverJoinsSpansOfOneFile) {
  Span a{0, 5, 8}, b{0, 2, 6}, other{1, 0, 1};
  EXPECT_EQ(cover(a, b), (Span{0, 2, 8}));
  EXPECT_EQ(cover(a, other), a);
  EXPECT_EQ(cover(Span{}, b), b);
}

}  // namespace
}  // namespace bareme::source
