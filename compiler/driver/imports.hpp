// Finding and reading the files that `import` names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "driver/compile.hpp"

namespace bareme::driver {

inline constexpr size_t kMaxFileBytes = 16u << 20;

// `path` relative to the working folder when it lies below it, so that output is stable.
std::string display_path(const std::string& path);

// Reads a whole file; on failure returns nothing and sets `error` to a sentence.
std::optional<std::string> read_file(const std::string& path, std::string& error);

// The file an import names, searched next to the importing file, then in each of its ancestor
// folders, then in the library paths, `BAREME_PATH` and PREFIX/share/bareme beside the
// installed executable. Also returns
// the folders tried, for the diagnostic when nothing is found.
std::optional<std::string> resolve_import(const std::string& importer, const std::string& target,
                                          const Options& options, std::vector<std::string>& tried);

// Reads the values of each input of `file` declared `one of "FILE"`, FILE found as an import of
// `path` (the declaring file) is: one value per line, up to a tab (what follows is a comment,
// such as a commune's name); blank lines and lines starting with `#` are skipped. A file that
// cannot be found or read, or lists no value, is ValuesUnreadable.
void load_values(const std::string& path, ast::File& file, const Options& options, diag::Sink& sink);

}  // namespace bareme::driver
