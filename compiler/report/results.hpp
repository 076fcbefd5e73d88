// The report phase: evaluation results and explanations rendered for people and for tools.
#pragma once

#include <string>
#include <vector>

#include "inputs/application.hpp"
#include "interp/interp.hpp"
#include "source/source_file.hpp"

namespace bareme::report {

// `bareme eval`: the result as a JSON object (money as numbers of euros with two decimals).
// The scheme's outputs are under "outputs" when it declares some; `shown` (`eval --show`) under "shown".
std::string result_json(const interp::Result& r, const source::SourceManager& sources,
                        const std::vector<interp::OutputResult>& shown = {});
// Input errors as a JSON object `{"input_errors": [{"path": ..., "message": ...}]}`.
std::string input_errors_json(const std::vector<inputs::InputError>& errors);
// How much of a catalogue an explanation shows. By default, what decided the result: in a
// level, the members that count in full, one line for each member that applies without
// counting or does not apply (with its first refusal), one line for the members replaced;
// `full` shows every node of the trace.
struct ExplainOptions {
  bool full = false;
};
// `bareme explain`: the trace as an indented tree, refused conditions first.
// The outputs and `shown` values follow the tree, one line each.
std::string explain_text(const interp::Result& r, const source::SourceManager& sources, ExplainOptions options = {},
                         const std::vector<interp::OutputResult>& shown = {});
// `bareme explain --format json`: the result with its trace nodes; a node whose uses are not all
// shown says `"collapsed": true` and how many it hides (`"hidden_uses"`).
std::string explain_json(const interp::Result& r, const source::SourceManager& sources, ExplainOptions options = {},
                         const std::vector<interp::OutputResult>& shown = {});
// One trace, from `root`, as an indented tree (for test failures).
std::string trace_text(const interp::Trace& trace, size_t root, const std::string& indent);
// "file:line:col" of a span, or "" when it has none.
std::string location(const source::SourceManager& sources, source::Span span);
// A runtime error as one sentence with its rule, citation and location.
std::string describe_error(const interp::RuntimeError& e, const source::SourceManager& sources);

}  // namespace bareme::report
