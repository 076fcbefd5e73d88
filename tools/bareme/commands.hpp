// The subcommands of `bareme`, each registered on the CLI11 app and run after parsing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace bareme::tools {

// Adds `check` to `app`; the returned function runs it and gives the exit code.
std::function<int()> add_check_command(CLI::App& app);
std::function<int()> add_eval_command(CLI::App& app);
std::function<int()> add_explain_command(CLI::App& app);
std::function<int()> add_test_command(CLI::App& app);
std::function<int()> add_fuzz_command(CLI::App& app);
std::function<int()> add_score_command(CLI::App& app);
std::function<int()> add_simulate_command(CLI::App& app);
std::function<int()> add_repl_command(CLI::App& app);

}  // namespace bareme::tools
