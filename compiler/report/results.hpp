// The report phase: evaluation results and explanations rendered for people and for tools.
#pragma once

#include <string>
#include <vector>

#include "inputs/application.hpp"
#include "interp/interp.hpp"
#include "source/source_file.hpp"

namespace bareme::report {

// `bareme eval`: the result as a JSON object (money as numbers of euros with two decimals).
std::string result_json(const interp::Result& r, const source::SourceManager& sources);
// Input errors as a JSON object `{"input_errors": [{"path": ..., "message": ...}]}`.
std::string input_errors_json(const std::vector<inputs::InputError>& errors);
// `bareme explain`: the trace as an indented tree, refused conditions first.
std::string explain_text(const interp::Result& r, const source::SourceManager& sources);
// `bareme explain --format json`: the result with its trace nodes.
std::string explain_json(const interp::Result& r, const source::SourceManager& sources);
// One trace, from `root`, as an indented tree (for test failures).
std::string trace_text(const interp::Trace& trace, size_t root, const std::string& indent);
// "file:line:col" of a span, or "" when it has none.
std::string location(const source::SourceManager& sources, source::Span span);
// A runtime error as one sentence with its rule, citation and location.
std::string describe_error(const interp::RuntimeError& e, const source::SourceManager& sources);

}  // namespace bareme::report
