// The subcommands of `bareme`, each registered on the CLI11 app and run after parsing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "interp/interp.hpp"

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
std::function<int()> add_serve_command(CLI::App& app);
std::function<int()> add_fmt_command(CLI::App& app);
std::function<int()> add_lsp_command(CLI::App& app);
std::function<int()> add_prove_command(CLI::App& app);
std::function<int()> add_diff_command(CLI::App& app);

// `--max-steps` and `--time-limit`: the budget of each evaluation by the interpreter.
inline void add_budget_options(CLI::App* cmd, interp::Options& limits) {
  cmd->add_option("--max-steps", limits.max_steps,
                  "Stop an evaluation after this many steps with BudgetExceeded (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--time-limit", limits.time_limit_seconds,
                  "Stop an evaluation after this many seconds with BudgetExceeded (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
}

}  // namespace bareme::tools
