// Test coverage per file: which items the tests exercised both ways, from the recorded hits.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "interp/coverage.hpp"
#include "ir/coverage_items.hpp"

namespace bareme::testrun {

struct CoverageCount {
  size_t covered = 0, total = 0;  // items exercised both ways, items
};

struct UncoveredItem {
  ir::CoverageItem item;
  bool seen_first = false, seen_second = false;  // the ways exercised (true, then, taken, hit, applied; and the others)
};

struct FileCoverage {
  ir::Index module;
  std::string path;  // as the module names it
  std::array<CoverageCount, ir::kCoverageGroups> groups;  // by ir::CoverageGroup
  std::vector<UncoveredItem> uncovered;                    // in source order
};

struct CoverageReport {
  std::vector<FileCoverage> files;  // in program order; files without items are left out
  std::array<CoverageCount, ir::kCoverageGroups> totals;
};

// The coverage of every file of `program` (or only of `module`) from `hits`.
CoverageReport coverage_report(const ir::Program& program, const interp::CoverageHits& hits,
                               std::optional<ir::Index> module);

}  // namespace bareme::testrun
