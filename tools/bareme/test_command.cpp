// `bareme test FILE|DIR...`: runs every test block; the last line reads `N passed, N failed`.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "coverage_output.hpp"
#include "diag/render.hpp"
#include "driver/compile.hpp"
#include "report/results.hpp"
#include "scheme_choice.hpp"
#include "terminal.hpp"
#include "testrun/coverage.hpp"
#include "testrun/run_tests.hpp"

namespace bareme::tools {
namespace {

struct TestOptions {
  std::string engine = "both";
  std::string scheme;  // only the tests of this scheme's file
  std::vector<std::string> paths;
  std::vector<std::string> library_paths;
  bool coverage = false;
  std::string coverage_format;  // text (when empty) or json
  std::string coverage_out;   // the text or JSON report goes there instead of standard output
  std::string coverage_lcov;  // an lcov tracefile is written there
};

// Writes `text` to `path`; false, with a message, when it cannot.
bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (out) return true;
  std::cerr << fmt::format("error: cannot write the coverage report to `{}`\n", path);
  return false;
}

int run(const TestOptions& o) {
  const auto files = expand_paths(o.paths);
  driver::Options options;
  options.library_paths = o.library_paths;
  size_t passed = 0, failed = 0;
  if (files.empty()) {
    std::cout << "no .bareme file found\n";
    std::cout << "0 passed, 0 failed\n";
    return 1;
  }
  // The files given, and everything they import, form one project: each file's tests run once.
  auto c = driver::compile_files(files, options);
  std::cerr << diag::render_text(c->sink.diagnostics(), c->sources, {use_color(ColorChoice::Auto)});
  if (!c->ok()) {
    std::cout << fmt::format("{}: does not compile; its tests cannot run\n",
                             files.size() == 1 ? files.front() : "the project");
    std::cout << "0 passed, 1 failed\n";
    return 1;
  }
  std::optional<ir::Index> module;
  if (!o.scheme.empty()) {
    const auto scheme = scheme_option(*c->program, o.scheme, "test", files.size() == 1 ? files.front() : "the project");
    if (!scheme) {
      std::cout << "0 passed, 0 failed\n";
      return 2;
    }
    module = c->program->schemes[*scheme].module;
  }
  interp::CoverageHits hits;
  const bool coverage = o.coverage || !o.coverage_format.empty() || !o.coverage_out.empty() || !o.coverage_lcov.empty();
  const auto report = testrun::run_tests(*c->program, c->sources, module, o.engine == "both", coverage ? &hits : nullptr);
  for (const auto& note : report.notes) std::cout << fmt::format("note: {}\n", note);
  for (const auto& f : report.failures) {
    std::cout << fmt::format("{}: test \"{}\" FAILED\n  {}\n", report::location(c->sources, f.span), f.test, f.message);
    if (!f.trace.empty()) std::cout << "  how it was reached:\n" << f.trace;
  }
  for (const auto& [module, counts] : report.by_module) {
    std::cout << fmt::format("{}: {} passed, {} failed\n", c->program->modules[module].path, counts.first, counts.second);
  }
  passed = report.passed;
  failed = report.failed;
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  bool written = true;
  if (coverage) {
    const auto figures = testrun::coverage_report(*c->program, hits, module);
    const std::string text = o.coverage_format == "json" ? coverage_json(figures, c->sources)
                                                         : coverage_text(figures, c->sources);
    if (o.coverage_out.empty()) {
      std::cout << text;
    } else {
      written = write_file(o.coverage_out, text);
    }
    if (!o.coverage_lcov.empty()) {
      written = write_file(o.coverage_lcov, coverage_lcov(figures, *c->program, hits, c->sources)) && written;
    }
  }
  if (!written) return 2;
  return failed > 0 || files.empty() ? 1 : 0;
}

}  // namespace

std::function<int()> add_test_command(CLI::App& app) {
  auto o = std::make_shared<TestOptions>();
  auto* cmd = app.add_subcommand("test", "Run the test blocks of scheme files.");
  cmd->add_option("files", o->paths, "Scheme files, or folders searched for .bareme files")->required();
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  cmd->add_option("--scheme", o->scheme, "Run only the tests of the file that declares this scheme (an aid of a catalogue)");
  cmd->add_option("--engine", o->engine,
                  "both: also run each test's application through the JIT and require the same result; interp: interpreter only")
      ->check(CLI::IsMember({"both", "interp"}));
  cmd->add_flag("--coverage", o->coverage,
                "After the results, per file: the conditions, branches, table rows and caps exercised both ways, "
                "and each item that was not");
  cmd->add_option("--coverage-format", o->coverage_format, "The coverage report as text (the default) or json (implies --coverage)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--coverage-out", o->coverage_out, "Write the coverage report to this file (implies --coverage)");
  cmd->add_option("--coverage-lcov", o->coverage_lcov, "Also write an lcov tracefile here (implies --coverage)");
  cmd->footer("Each failure shows the test, what was expected, the actual value and how it was reached.\n"
              "The last line reads `N passed, N failed` (then the coverage report, with --coverage).\n"
              "Exit status: 0 when all pass, 1 otherwise, 2 for an unknown --scheme or a coverage file that cannot be written.\n"
              "Incomplete coverage does not change the exit status.");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
