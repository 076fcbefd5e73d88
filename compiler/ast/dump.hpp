// A stable text dump of the AST, one node per line, for `bareme check --dump=ast` and golden tests.
#pragma once

#include <string>

#include "ast/ast.hpp"

namespace bareme::ast {

// `with_spans` false leaves out the `@line:col` of each node: two files that say the same thing
// laid out differently (`bareme fmt`) then dump the same.
std::string dump(const File& file, const source::SourceManager& sources, bool with_spans = true);

}  // namespace bareme::ast
