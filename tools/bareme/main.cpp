// The `bareme` command line: parses arguments and runs one subcommand.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Barème: check, test and evaluate public subsidy schemes written as code."};
  app.set_version_flag("--version", "bareme 0.1.0");
  app.require_subcommand(1);
  app.footer("Run `bareme COMMAND --help` for the options of a command.");
  auto run_check = bareme::tools::add_check_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (app.got_subcommand("check")) return run_check();
  return 2;
}
