// The subcommands of `bareme`, each registered on the CLI11 app and run after parsing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace bareme::tools {

// Adds `check` to `app`; the returned function runs it and gives the exit code.
std::function<int()> add_check_command(CLI::App& app);

}  // namespace bareme::tools
