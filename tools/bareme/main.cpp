// The `bareme` command line: parses arguments and runs one subcommand on a thread with a large
// stack, so that deep chains of definitions are evaluated rather than refused.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "runtime/stack_guard.hpp"

namespace {

// The stack of the thread that runs the command, and of the threads it starts, in MiB: virtual
// memory, committed only as deep recursions touch it.
constexpr size_t kDefaultStackMiB = 512;

int run_command(void* command) { return (*static_cast<std::function<int()>*>(command))(); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Barème: check, test and evaluate public subsidy schemes written as code."};
  app.set_version_flag("--version", "bareme 0.1.0");
  app.require_subcommand(1);
  app.footer("Run `bareme COMMAND --help` for the options of a command.");
  size_t stack_mib = kDefaultStackMiB;
  app.add_option("--stack-size", stack_mib,
                 "Stack of the threads that check and evaluate, in MiB; deeper chains of definitions need more")
      ->check(CLI::Range(size_t{1}, size_t{1} << 20));
  const std::vector<std::pair<std::string, std::function<int()>>> commands = {
      {"check", bareme::tools::add_check_command(app)},
      {"eval", bareme::tools::add_eval_command(app)},
      {"explain", bareme::tools::add_explain_command(app)},
      {"test", bareme::tools::add_test_command(app)},
      {"fuzz-diff", bareme::tools::add_fuzz_command(app)},
      {"score", bareme::tools::add_score_command(app)},
      {"simulate", bareme::tools::add_simulate_command(app)},
      {"repl", bareme::tools::add_repl_command(app)},
      {"serve", bareme::tools::add_serve_command(app)},
      {"fmt", bareme::tools::add_fmt_command(app)},
      {"lsp", bareme::tools::add_lsp_command(app)},
      {"prove", bareme::tools::add_prove_command(app)},
      {"diff", bareme::tools::add_diff_command(app)},
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  for (const auto& [name, run] : commands) {
    if (app.got_subcommand(name)) {
      std::function<int()> command = run;
      return bareme::runtime::run_with_stack(stack_mib << 20, run_command, &command);
    }
  }
  return 2;
}
