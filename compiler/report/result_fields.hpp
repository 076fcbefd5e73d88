// The fields of an evaluation result, shared by `eval` and `explain --format json`.
#pragma once

#include "interp/interp.hpp"
#include "report/json_writer.hpp"
#include "source/source_file.hpp"

namespace bareme::report {

void write_result_fields(JsonWriter& w, const interp::Result& r, const source::SourceManager& sources);
// `key`: an array of outputs, each `{"name", "type", "value", "text"}` and `"error"` when it
// could not be computed (docs/scoring.md).
void write_outputs(JsonWriter& w, std::string_view key, const std::vector<interp::OutputResult>& outputs,
                   const source::SourceManager& sources);

}  // namespace bareme::report
