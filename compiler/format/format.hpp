// The formatter: a file's text laid out in Barème's one canonical layout (`bareme fmt`).
#pragma once

#include <optional>
#include <string>

#include "diag/diagnostic.hpp"
#include "source/source_file.hpp"

namespace bareme::format {

// The text of `file` in the canonical layout (docs/editor.md, "Formatter"). Returns nothing when
// the file does not parse (its syntax errors go to `sink`) or when the layout would not say what
// the file says (FormatChangedMeaning: a formatter bug, never a file written wrongly).
std::optional<std::string> format_file(source::SourceManager& sources, source::FileId file,
                                       diag::Sink& sink);

// True when `formatted` parses to the same AST (spans aside) as `original`, which parses. Else
// reports FormatChangedMeaning on `original` to `sink`.
bool same_meaning(source::SourceManager& sources, source::FileId original, source::FileId formatted,
                  diag::Sink& sink);

}  // namespace bareme::format
