// Aggregates the interpreter's recorded ways into per-file coverage counts and uncovered items.
#include "testrun/coverage.hpp"

#include <algorithm>
#include <map>

namespace bareme::testrun {

CoverageReport coverage_report(const ir::Program& program, const interp::CoverageHits& hits,
                               std::optional<ir::Index> module) {
  CoverageReport report;
  std::map<ir::Index, FileCoverage> files;
  for (auto& item : ir::coverage_items(program)) {
    if (module && item.module != *module) continue;
    auto [it, fresh] = files.try_emplace(item.module);
    FileCoverage& file = it->second;
    if (fresh) {
      file.module = item.module;
      file.path = program.modules[item.module].path;
    }
    const uint8_t ways = hits.of(item.node);
    const size_t g = static_cast<size_t>(ir::group_of(item.kind));
    ++file.groups[g].total;
    ++report.totals[g].total;
    if (ways == 3) {
      ++file.groups[g].covered;
      ++report.totals[g].covered;
    } else {
      file.uncovered.push_back(UncoveredItem{std::move(item), (ways & 1) != 0, (ways & 2) != 0});
    }
  }
  for (auto& [m, file] : files) {
    std::stable_sort(file.uncovered.begin(), file.uncovered.end(), [](const auto& a, const auto& b) {
      return a.item.span.begin < b.item.span.begin;
    });
    report.files.push_back(std::move(file));
  }
  return report;
}

}  // namespace bareme::testrun
