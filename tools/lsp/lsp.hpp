// `bareme lsp`: a Language Server Protocol server over stdin and stdout (docs/editor.md).
#pragma once

#include <string>
#include <vector>

namespace bareme::lsp {

struct LspOptions {
  std::vector<std::string> library_paths;  // -L, added to the client's `libraryPaths`
};

// Serves until `exit` or the end of the input. Returns 0 after `shutdown` then `exit`, else 1.
int run(int in_fd, int out_fd, const LspOptions& options);

}  // namespace bareme::lsp
