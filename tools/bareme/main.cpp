// The `bareme` command line: parses arguments and runs one subcommand.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Barème: check, test and evaluate public subsidy schemes written as code."};
  app.set_version_flag("--version", "bareme 0.1.0");
  app.require_subcommand(1);
  app.footer("Run `bareme COMMAND --help` for the options of a command.");
  const std::vector<std::pair<std::string, std::function<int()>>> commands = {
      {"check", bareme::tools::add_check_command(app)},
      {"eval", bareme::tools::add_eval_command(app)},
      {"explain", bareme::tools::add_explain_command(app)},
      {"test", bareme::tools::add_test_command(app)},
      {"fuzz-diff", bareme::tools::add_fuzz_command(app)},
      {"score", bareme::tools::add_score_command(app)},
      {"simulate", bareme::tools::add_simulate_command(app)},
      {"repl", bareme::tools::add_repl_command(app)},
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  for (const auto& [name, run] : commands) {
    if (app.got_subcommand(name)) return run();
  }
  return 2;
}
