// `bareme check FILE...`: parse and type-check; diagnostics, dumps, the assumptions and properties.
#include <fmt/format.h>

#include <iostream>
#include <set>

#include "ast/dump.hpp"
#include "commands.hpp"
#include "diag/render.hpp"
#include "driver/compile.hpp"
#include "ir/dump.hpp"
#include "jit/jit.hpp"
#include "scheme_choice.hpp"
#include "terminal.hpp"

namespace bareme::tools {
namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::string dump;
  std::string format = "text";
  std::string color_name = "auto";
  std::vector<std::string> library_paths;
  bool assumptions = false;
  bool properties = false;
  int opt_level = 2;
  bool dense = false;
  std::string scheme;  // --scheme: must exist; --dump=llvm shows only it
};

// `--properties`: each property with its place, sentence, citation, preconditions and expression
// as written.
void print_properties(const driver::Compilation& c) {
  auto written = [&](const ir::ExprPtr& e) {
    return std::string(c.sources.file(e->span.file).slice(e->span.begin, e->span.end));
  };
  for (const auto& p : c.program->properties) {
    const auto& src = c.sources.file(p.span.file);
    const auto loc = src.locate(p.span.begin);
    std::cout << fmt::format("{}:{}:{}: property {}{}{}: {}\n", src.path(), loc.line, loc.column, p.name,
                             p.scheme ? " of " + c.program->schemes[*p.scheme].name : "",
                             p.citation.empty() ? "" : fmt::format(" (§ {})", p.citation), p.sentence);
    for (const auto& g : p.preconditions) std::cout << "  given " << written(g) << "\n";
    std::cout << "  holds " << written(p.test) << "\n";
  }
}

int run_check(const CheckOptions& o) {
  const auto files = expand_paths(o.paths);
  if (files.empty()) {
    std::cerr << "bareme check: no .bareme file found in the paths given\n";
    return 1;
  }
  driver::Options options;
  options.library_paths = o.library_paths;
  const bool color = use_color(o.color_name == "always"  ? ColorChoice::Always
                               : o.color_name == "never" ? ColorChoice::Never
                                                         : ColorChoice::Auto);
  // The files given form one project: one compilation, every file loaded once.
  std::vector<std::unique_ptr<driver::Compilation>> compilations;
  bool errors = false;
  {
    auto c = driver::compile_files(files, options);
    const std::set<std::string> roots(files.begin(), files.end());
    errors = errors || c->sink.has_errors();
    if (o.format == "text")
      std::cerr << diag::render_text(c->sink.diagnostics(), c->sources, {color});
    const std::string file = files.size() == 1 ? files.front() : "the project";
    // `--scheme NAME`: that scheme must exist; `--dump=llvm` shows only it (an aid of a catalogue
    // the root imports, not only the schemes of the files given).
    std::optional<ir::Index> only;
    if (!o.scheme.empty() && c->ok()) {
      only = scheme_option(*c->program, o.scheme, "check", file);
      if (!only) return 2;
    }
    if (o.dump == "ast") {
      for (const auto& f : c->files) {
        const std::string& path = c->sources.file(f.file).path();
        if (!roots.count(path)) continue;
        std::cout << (files.size() > 1 ? fmt::format("== {} ==\n", path) : "") << ast::dump(f, c->sources);
      }
    } else if (o.dump == "ir" && c->ok()) {
      std::cout << ir::dump(*c->program);
    } else if (o.dump == "llvm" && c->ok()) {
      bool found = false;
      for (ir::Index s = 0; s < c->program->schemes.size(); ++s) {
        const std::string& path = c->program->modules[c->program->schemes[s].module].path;
        if (only ? s != *only : !roots.count(path)) continue;
        const std::string heading = files.size() > 1 ? fmt::format("== {} ==\n", path) : "";
        found = true;
        jit::CompileOptions jit_options;
        jit_options.opt_level = o.opt_level;
        jit_options.all_inputs_present = o.dense;
        auto text = jit::llvm_ir(*c->program, s, jit_options);
        if (text.index() == 1) {
          std::cerr << fmt::format("bareme check: {}: {}\n", file, std::get<1>(text));
          errors = true;
        } else {
          std::cout << heading << std::get<0>(text);
        }
      }
      if (!found) {
        std::cerr << fmt::format(
            "bareme check: {} has no scheme; only schemes are compiled to LLVM IR\n", file);
        errors = true;
      }
    }
    if (o.assumptions && c->ok()) {
      for (const auto& a : c->program->assumptions) {
        const auto& src = c->sources.file(a.span.file);
        const auto loc = src.locate(a.span.begin);
        std::cout << fmt::format("{}:{}:{}: assumption{}: {}\n", src.path(), loc.line, loc.column,
                                 a.citation.empty() ? "" : fmt::format(" (§ {})", a.citation),
                                 a.text);
      }
    }
    if (o.properties && c->ok()) print_properties(*c);
    compilations.push_back(std::move(c));
  }
  if (o.format == "json") {
    std::vector<diag::DiagnosticSet> sets;
    for (const auto& c : compilations) sets.push_back({c->sink.diagnostics(), c->sources});
    std::cout << diag::render_json(sets);
  }
  return errors ? 1 : 0;
}

}  // namespace

std::function<int()> add_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Parse and type-check scheme files; print diagnostics.");
  cmd->footer(
      "Exit status: 0 when no file has an error (warnings allowed), 1 when any has, 2 for a bad "
      "command line.\n"
      "Colour is used only on a terminal and never when NO_COLOR is set.");
  cmd->add_option("files", options->paths, "Scheme files, or folders searched for .bareme files")
      ->required();
  cmd->add_option(
         "--dump", options->dump,
         "Print the AST, the typed IR, or the LLVM IR of the JIT's batch function, on stdout")
      ->check(CLI::IsMember({"ast", "ir", "llvm"}));
  cmd->add_option("-O,--opt-level", options->opt_level, "Optimisation level of --dump=llvm: 0 or 2")
      ->check(CLI::IsMember({0, 2}));
  cmd->add_flag("--dense", options->dense,
                "--dump=llvm of the variant for batches with every input set");
  cmd->add_option("--format", options->format,
                  "Diagnostics as text on stderr, or as one JSON array on stdout")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--color", options->color_name, "Colour the diagnostics: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("-L,--lib", options->library_paths, "A folder searched for imports (repeatable)");
  cmd->add_option("--scheme", options->scheme,
                  "A scheme of the project (an aid of a catalogue): it must exist, and --dump=llvm shows only it");
  cmd->add_flag("--assumptions", options->assumptions,
                "List the assumptions that the schemes state with `assume`");
  cmd->add_flag("--properties", options->properties,
                "List the properties that the schemes claim with `property`");
  return [options] { return run_check(*options); };
}

}  // namespace bareme::tools
