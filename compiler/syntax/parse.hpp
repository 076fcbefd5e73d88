// The syntax phase: one source file's text becomes an AST, or syntax diagnostics.
#pragma once

#include <optional>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "source/source_file.hpp"

namespace bareme::syntax {

// Parses `file` into an AST. Returns nothing when the file has syntax errors, all of which
// (up to a limit) are reported to `sink`.
std::optional<ast::File> parse(const source::SourceManager& sources, source::FileId file,
                               diag::Sink& sink);

}  // namespace bareme::syntax
