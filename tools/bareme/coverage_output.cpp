// Formats test coverage: the text after the test summary, the JSON document and the lcov tracefile.
#include "coverage_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/json_writer.hpp"
#include "report/results.hpp"

namespace bareme::tools {
namespace {

// "never false", "never taken", "else never taken", "never hit"..., or "never evaluated".
std::string missing_text(const testrun::UncoveredItem& u) {
  if (!u.seen_first && !u.seen_second) return "never evaluated";
  const bool first_missing = !u.seen_first;
  switch (u.item.kind) {
    case ir::CoverageKind::Condition: return first_missing ? "never true" : "never false";
    case ir::CoverageKind::If: return first_missing ? "then branch never taken" : "else branch never taken";
    case ir::CoverageKind::MatchArm: return first_missing ? "never taken" : "always taken";
    case ir::CoverageKind::TableRow: return first_missing ? "never hit" : "hit every time the table is read";
    case ir::CoverageKind::Cap:
    case ir::CoverageKind::CombineCap: break;
  }
  return first_missing ? "never applied" : "applied every time";
}

std::string counts_text(const std::array<testrun::CoverageCount, ir::kCoverageGroups>& groups) {
  std::string out;
  for (size_t g = 0; g < groups.size(); ++g) {
    out += fmt::format("{}{} {}/{}{}", g ? ", " : "", ir::group_name(static_cast<ir::CoverageGroup>(g)),
                       groups[g].covered, groups[g].total, g == 0 ? " both ways" : "");
  }
  return out;
}

void counts_json(report::JsonWriter& w, const std::array<testrun::CoverageCount, ir::kCoverageGroups>& groups) {
  static const char* const keys[] = {"conditions", "branches", "table_rows", "caps"};
  w.begin_object();
  for (size_t g = 0; g < groups.size(); ++g) {
    w.key(keys[g]).begin_object();
    w.field_number("covered", std::to_string(groups[g].covered));
    w.field_number("total", std::to_string(groups[g].total));
    w.end_object();
  }
  w.end_object();
}

}  // namespace

std::string coverage_text(const testrun::CoverageReport& report, const source::SourceManager& sources) {
  std::string out = "coverage (items exercised both ways):\n";
  for (const auto& file : report.files) {
    out += fmt::format("{}: {}\n", file.path, counts_text(file.groups));
    for (const auto& u : file.uncovered) {
      out += fmt::format("  {}: {}: {}\n", report::location(sources, u.item.span), ir::describe(u.item), missing_text(u));
    }
  }
  if (report.files.size() > 1) out += fmt::format("total: {}\n", counts_text(report.totals));
  return out;
}

std::string coverage_json(const testrun::CoverageReport& report, const source::SourceManager& sources) {
  report::JsonWriter w;
  w.begin_object();
  w.key("files").begin_array();
  for (const auto& file : report.files) {
    w.begin_object();
    w.field("file", file.path);
    w.key("totals");
    counts_json(w, file.groups);
    w.key("uncovered").begin_array();
    for (const auto& u : file.uncovered) {
      const auto& f = sources.file(u.item.span.file);
      const auto loc = f.locate(u.item.span.begin);
      w.begin_object();
      w.field("file", f.path());
      w.field_number("line", std::to_string(loc.line));
      w.field_number("column", std::to_string(loc.column));
      w.field("kind", ir::kind_name(u.item.kind));
      if (!u.item.name.empty()) w.field("name", u.item.name);
      if (u.item.number != 0) w.field_number("number", std::to_string(u.item.number));
      w.key("missing").begin_array();
      if (!u.seen_first) w.string(ir::way_name(u.item.kind, true));
      if (!u.seen_second) w.string(ir::way_name(u.item.kind, false));
      w.end_array();
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("totals");
  counts_json(w, report.totals);
  w.end_object();
  return w.str();
}

std::string coverage_lcov(const testrun::CoverageReport& report, const ir::Program& program,
                          const interp::CoverageHits& hits, const source::SourceManager& sources) {
  // Every item of the reported files, covered or not, grouped by source file.
  std::map<ir::Index, bool> reported;
  for (const auto& file : report.files) reported[file.module] = true;
  std::map<source::FileId, std::vector<ir::CoverageItem>> by_file;
  for (auto& item : ir::coverage_items(program)) {
    if (reported.count(item.module) && item.span.valid()) by_file[item.span.file].push_back(std::move(item));
  }
  std::string out;
  for (auto& [id, items] : by_file) {
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.span.begin < b.span.begin; });
    const auto& f = sources.file(id);
    out += fmt::format("TN:\nSF:{}\n", f.path());
    std::map<uint32_t, bool> lines;  // line → some item there was exercised
    size_t found = 0, hit = 0, block = 0;
    for (const auto& item : items) {
      const uint32_t line = f.locate(item.span.begin).line;
      const uint8_t ways = hits.of(item.node);
      for (int way = 0; way < 2; ++way) {
        const bool taken = (ways & (way == 0 ? 1 : 2)) != 0;
        out += fmt::format("BRDA:{},{},{},{}\n", line, block, way, ways == 0 ? "-" : taken ? "1" : "0");
        ++found;
        hit += taken;
      }
      ++block;
      lines[line] = lines[line] || ways != 0;
    }
    out += fmt::format("BRF:{}\nBRH:{}\n", found, hit);
    size_t lines_hit = 0;
    for (const auto& [line, seen] : lines) {
      out += fmt::format("DA:{},{}\n", line, seen ? 1 : 0);
      lines_hit += seen;
    }
    out += fmt::format("LF:{}\nLH:{}\nend_of_record\n", lines.size(), lines_hit);
  }
  return out;
}

}  // namespace bareme::tools
