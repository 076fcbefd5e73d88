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

}  // namespace bareme::driver
