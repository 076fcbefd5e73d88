// The fields of an evaluation result, shared by `eval` and `explain --format json`.
#pragma once

#include "interp/interp.hpp"
#include "report/json_writer.hpp"
#include "source/source_file.hpp"

namespace bareme::report {

void write_result_fields(JsonWriter& w, const interp::Result& r, const source::SourceManager& sources);

}  // namespace bareme::report
