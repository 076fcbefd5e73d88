// `bareme lsp`: the Language Server Protocol server over stdin and stdout (tools/lsp,
// docs/editor.md).
#include <unistd.h>

#include "commands.hpp"
#include "lsp.hpp"

namespace bareme::tools {

std::function<int()> add_lsp_command(CLI::App& app) {
  auto options = std::make_shared<lsp::LspOptions>();
  auto* cmd = app.add_subcommand(
      "lsp", "Serve the Language Server Protocol over stdin and stdout (see docs/editor.md)");
  cmd->add_option("-L,--lib", options->library_paths, "A folder searched for imports (repeatable)");
  return [options] { return lsp::run(STDIN_FILENO, STDOUT_FILENO, *options); };
}

}  // namespace bareme::tools
