// The rows a reform changed most, as the HTML report shows them: amounts, the application as
// JSON and, for one scheme, the interpreter's explanation on each side.
#pragma once

#include <optional>
#include <vector>

#include "html_report/html_report.hpp"
#include "ir/ir.hpp"
#include "runtime/value.hpp"
#include "scoring/most_changed.hpp"
#include "source/source_file.hpp"

namespace bareme::scoring {

// One side of the comparison: the scheme that explains a row (none: `--all`, no explanation)
// and the parameter values replacing the files'.
struct ExplainSide {
  const ir::Program& program;
  std::optional<ir::Index> scheme;
  const source::SourceManager* sources = nullptr;
  std::vector<std::optional<runtime::Value>> overrides;
};

std::vector<html_report::ChangedRow> changed_rows(const std::vector<Changed>& rows,
                                                  const ExplainSide& baseline,
                                                  const ExplainSide& reform);

}  // namespace bareme::scoring
