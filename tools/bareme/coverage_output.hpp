// `bareme test --coverage`: the coverage report as text, JSON or lcov.
#pragma once

#include <string>

#include "ir/ir.hpp"
#include "source/source_file.hpp"
#include "testrun/coverage.hpp"

namespace bareme::tools {

// Per file: a totals line, then one line per item not exercised both ways.
std::string coverage_text(const testrun::CoverageReport& report, const source::SourceManager& sources);
// The same content as one JSON document (docs/compiler/testrun.md gives its shape).
std::string coverage_json(const testrun::CoverageReport& report, const source::SourceManager& sources);
// lcov's tracefile: each item a branch (BRDA) with its two ways, each line with an item a DA.
std::string coverage_lcov(const testrun::CoverageReport& report, const ir::Program& program,
                          const interp::CoverageHits& hits, const source::SourceManager& sources);

}  // namespace bareme::tools
