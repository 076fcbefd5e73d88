// A stable text dump of the AST, one node per line, for `bareme check --dump=ast` and golden tests.
#pragma once

#include <string>

#include "ast/ast.hpp"

namespace bareme::ast {

std::string dump(const File& file, const source::SourceManager& sources);

}  // namespace bareme::ast
