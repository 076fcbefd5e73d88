// Renders diagnostics for people (source line and caret) and for editors (JSON).
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "source/source_file.hpp"

namespace bareme::diag {

struct RenderOptions {
  bool color = false;
};

// `file:line:col: error[Id]: message`, the source line, a caret under the span, then notes.
std::string render_text(const Diagnostic& d, const source::SourceManager& sources,
                        const RenderOptions& options = {});
std::string render_text(const std::vector<Diagnostic>& ds, const source::SourceManager& sources,
                        const RenderOptions& options = {});
// The diagnostics of one compilation, with the files they point into.
struct DiagnosticSet {
  const std::vector<Diagnostic>& diagnostics;
  const source::SourceManager& sources;
};
// One JSON array of the diagnostics of several compilations, with 1-based lines and columns.
std::string render_json(const std::vector<DiagnosticSet>& sets);

}  // namespace bareme::diag
