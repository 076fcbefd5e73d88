// The HTML report's pieces: escaping, SVG bars, the page, the histogram's bins, the most-changed
// heap.
#include "html_report/html_report.hpp"

#include <gtest/gtest.h>

#include <climits>

#include "scoring/histogram.hpp"
#include "scoring/most_changed.hpp"

namespace bareme {
namespace {

using html_report::Chart;

TEST(HtmlReport, EscapesText) {
  EXPECT_EQ(html_report::escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
}

TEST(HtmlReport, DrawsOneBarPerEntryScaledToTheLargest) {
  Chart c{
      "c",
      "T <b>",
      "",
      {{"big", "1000", 1000, "§ 1", ""}, {"tiny", "1", 1, "", "why"}, {"none", "0", 0, "", ""}}};
  const std::string svg = html_report::svg_chart(c);
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n') >= 3, true);
  size_t rects = 0;
  for (size_t at = svg.find("<rect"); at != std::string::npos; at = svg.find("<rect", at + 1))
    ++rects;
  EXPECT_EQ(rects, 3u);
  EXPECT_NE(svg.find("width=\"330.0\""), std::string::npos);  // the largest fills the bar area
  EXPECT_NE(svg.find("width=\"1.5\""), std::string::npos);    // a small value stays visible
  EXPECT_NE(svg.find("width=\"0.0\""), std::string::npos);    // zero draws nothing
  EXPECT_NE(svg.find("T &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(html_report::svg_chart(Chart{"e", "E", "", {}}).find("nothing to show"),
            std::string::npos);
}

TEST(HtmlReport, DrawsACitationWholeOnItsOwnLine) {
  const std::string label(60, 'x'),
      citation = "Décret n° 2024-123 du 1er janvier 2024, art. 12, al. 3";
  const std::string svg =
      html_report::svg_chart(Chart{"c", "C", "", {{label, "5", 5, citation, ""}}});
  EXPECT_NE(svg.find("class=\"note\">§ " + citation + "</text>"), std::string::npos);
  EXPECT_NE(svg.find("class=\"label\">" + std::string(40, 'x') + "…</text>"), std::string::npos);
}

TEST(HtmlReport, PageIsSelfContainedAndEscaped) {
  html_report::ReportData d;
  d.title = "</title><script>alert(1)</script>";
  d.sections.push_back(
      {"s", "Section", "", {{"rows", "rows", "12", "12"}}, {Chart{"c", "C", "", {}}}, {}});
  d.changed_title = "Changed";
  d.changed.push_back({7, "1.00 €", "2.00 €", "+1.00 €", "{\"a\": \"<x>\"}", "b", "r"});
  const std::string page = html_report::render(d);
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("http"), std::string::npos);
  EXPECT_NE(page.find("data-key=\"rows\" data-value=\"12\""), std::string::npos);
  EXPECT_NE(page.find("href=\"#row-7\""), std::string::npos);
  EXPECT_NE(page.find("<details class=\"explain\" id=\"row-7\">"), std::string::npos);
  EXPECT_NE(page.find("&lt;x&gt;"), std::string::npos);
}

TEST(Histogram, CountsEveryValueInContiguousBins) {
  scoring::Histogram h, a, b;
  const __int128 huge = static_cast<__int128>(INT64_MAX) * 4;
  const __int128 values[] = {0,      1,         99,        10000, 12499, 12500,
                             -10000, INT64_MAX, INT64_MIN, huge,  -huge, 0};
  for (size_t i = 0; i < std::size(values); ++i) {
    h.add(values[i]);
    (i % 2 ? a : b).add(values[i]);
  }
  a.merge(b);
  EXPECT_EQ(h.count(), std::size(values));
  for (size_t most : {size_t{4}, size_t{24}, size_t{1000}}) {
    const auto bins = h.bins(most), merged = a.bins(most);
    size_t total = 0;
    for (size_t i = 0; i < bins.size(); ++i) {
      total += bins[i].count;
      EXPECT_LE(bins[i].low, bins[i].high);
      if (i) EXPECT_GT(bins[i].low, bins[i - 1].high);
      EXPECT_EQ(bins[i].count, merged[i].count);
    }
    EXPECT_EQ(total, h.count());
  }
  scoring::Histogram one;
  one.add(12000);
  ASSERT_EQ(one.bins().size(), 1u);
  EXPECT_EQ(one.bins()[0].label(), "100.00 € to 124.99 €");
  EXPECT_EQ(one.bins()[0].count, 1u);
}

TEST(Histogram, AtMostZeroBinsGivesOneBinPerSide) {
  scoring::Histogram h;
  for (const __int128 v : {__int128{-500}, __int128{-7}, __int128{3}, __int128{12000}}) h.add(v);
  const auto bins = h.bins(0);  // looped forever before
  ASSERT_EQ(bins.size(), 2u);
  EXPECT_EQ(bins[0].count + bins[1].count, 4u);
}

TEST(Histogram, PutsEveryValueInTheBinThatHoldsIt) {
  std::vector<int64_t> values;
  for (int64_t v = 1; v <= 5000; ++v) values.push_back(v);
  for (int b = 0; b < 63; ++b)
    for (const int64_t d : {-1, 0, 1}) values.push_back((int64_t{1} << b) + d);
  for (int64_t p = 10; p <= INT64_MAX / 10; p *= 10)
    for (const int64_t d : {-1, 0, 1, 24, 25, 26}) values.push_back(p * 10 / 8 + d);
  values.push_back(INT64_MAX);
  for (const int64_t v : values) {
    if (v <= 0) continue;
    scoring::Histogram one;
    one.add(v);
    one.add(-static_cast<__int128>(v));
    const auto bins = one.bins(1000);
    ASSERT_EQ(bins.size(), 2u) << static_cast<long long>(v);
    EXPECT_TRUE(bins[1].low <= v && v <= bins[1].high) << static_cast<long long>(v);
    EXPECT_TRUE(bins[0].low <= -v && -v <= bins[0].high) << static_cast<long long>(v);
  }
}

TEST(MostChanged, KeepsTheLargestChangesFirstTiesToTheEarlierRow) {
  scoring::MostChanged most(3);
  const int64_t changes[] = {5, -50, 0, 7, 50, 2, -7, INT64_MIN};
  for (size_t r = 0; r < std::size(changes); ++r) {
    const int64_t base = changes[r] == INT64_MIN ? INT64_MAX : 0;
    const int64_t reform = changes[r] == INT64_MIN ? INT64_MIN : changes[r];
    if (most.wants(base, reform)) most.add({r + 1, base, reform, {}, std::nullopt});
  }
  const auto kept = most.sorted();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].row, 8u);  // INT64_MAX to INT64_MIN: the largest, counted in 128 bits
  EXPECT_EQ(kept[1].row, 2u);  // -50 before +50: the earlier row
  EXPECT_EQ(kept[2].row, 5u);
  EXPECT_FALSE(most.wants(0, 0));
}

}  // namespace
}  // namespace bareme
