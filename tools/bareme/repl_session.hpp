// The state of a REPL session: loaded files, the current scheme, inputs set, session definitions
// and parameter overrides; every line is compiled against the loaded schemes and evaluated by
// the interpreter.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/compile.hpp"
#include "interp/interp.hpp"
#include "runtime/value.hpp"

namespace bareme::tools {

class ReplSession {
 public:
  ReplSession(std::vector<std::string> library_paths, bool color);

  // Runs one complete input (a command, `set`, `param`, `let`, or an expression) and returns
  // what to print: results, or diagnostics pointing into the input.
  std::string handle(const std::string& input);
  // True while `pending` is incomplete: an open bracket, a trailing operator, a table.
  static bool needs_more(const std::string& pending);
  // Names and commands that start with `prefix`; scheme names when the line so far, `before`
  // the word, is `:scheme`.
  std::vector<std::string> completions(const std::string& prefix, const std::string& before = "") const;
  bool quit() const { return quit_; }
  // The budget of each evaluation (steps, time); `trace` is set per use.
  void set_limits(const interp::Options& limits) { limits_ = limits; }
  std::string load(const std::string& path);
  // Makes the scheme named `name` the current one (the one `amount`, `:explain`, `:missing`,
  // `:score` and `:simulate` read); false, and nothing changes, when no loaded scheme has it.
  bool choose_scheme(const std::string& name);
  // With several schemes loaded, which one is current and how to change it; else nothing.
  std::string scheme_notice() const;
  // What the session compiled last: the loaded files and definitions (null before any).
  const ir::Program* program() const { return base_ && base_->program ? &*base_->program : nullptr; }

 private:
  struct Set {
    std::string type;  // the type's name when it was set: kept across reloads only if unchanged
    runtime::Value value;
  };
  // `handle` without its guard: what each kind of input does.
  std::string dispatch(const std::string& input);
  std::string reload();
  std::string help() const;
  // Compiles the loaded files, the session definitions and `tail` (a `let` typed, or nothing),
  // keeping the checker for the lines after; diagnostics are rendered against the input when
  // they point into `tail`.
  // they point into `tail`. The files are read from disk with `from_disk` (`:load`, `:reload`),
  // else compiled from the texts kept when they were last read.
  std::unique_ptr<driver::Compilation> compile(const std::string& tail, std::string& report,
                                               bool from_disk = false) const;
  // After the files were read from disk: their texts kept for the compilations after.
  void keep_texts();
  // `expr`, part of what was typed, checked against the compiled files and definitions without
  // checking them again; null after adding why to `report` (diagnostics drawn against the input).
  ir::ExprPtr check(const std::string& expr, const ir::Type* expected, std::string& report);
  // After a line was evaluated: the program's exact intermediates marked without it again.
  void after_line();
  // The diagnostics of `sink`; those in `file` from `tail_offset` on drawn against `shown`.
  std::string render(const diag::Sink& sink, const source::SourceManager& sources, source::FileId file,
                     uint32_t tail_offset, const std::string& shown) const;
  // The current scheme of `p`: the chosen one while `p` has it, else the last.
  std::optional<ir::Index> scheme(const ir::Program& p) const;
  // `:scheme` lists the schemes, `:scheme NAME` switches to one.
  std::string schemes_command(const std::string& name);
  std::string list_schemes() const;
  // After the files were compiled again: the choice dropped, and said, when its scheme is gone.
  std::string keep_scheme();
  interp::Application application(const ir::Program& p) const;
  // Evaluates `expr` as `let __repl : TYPE = expr` would be, TYPE `expected` when given.
  std::string evaluate(const std::string& expr, const ir::Type* expected, bool show_type, std::optional<Set>* out);
  std::string assign(const std::string& input, bool param);
  std::string missing();
  // repl_situation.cpp: a path ending in `.json` is a situation, not a scheme.
  static bool is_situation(const std::string& path);
  // `:load FILE.json`: the situation becomes the file's (as `bareme eval --input` reads it).
  std::string load_situation(const std::string& path);
  // `:save FILE.json`: the inputs set, as a JSON object that `:load` and `eval --input` read.
  std::string save_situation(const std::string& path);
  // `:show NAME`: the value of a definition, an input or a parameter, with its type.
  std::string show(const std::string& name);
  std::string explain(const std::string& name);
  std::string run_tests();
  std::string score(const std::string& path);
  std::string simulate(const std::string& count);
  // repl_prove.cpp: `:prove [NAME]`, the current scheme's properties with the `param` overrides.
  std::string prove(const std::string& name);

  std::vector<std::string> library_paths_;
  bool color_;
  std::vector<std::string> files_;         // absolute paths
  std::vector<std::string> definitions_;   // `let` lines of the session
  std::string scheme_name_;                // chosen by `--scheme` or `:scheme`; "": the last scheme
  std::map<std::string, Set> inputs_, params_;
  std::unique_ptr<driver::Compilation> base_;  // the loaded files and definitions
  std::map<std::string, std::string> texts_;   // the files as last read from disk, by path
  interp::Options limits_;
  interp::Options options(bool trace) const {
    interp::Options o = limits_;
    o.trace = trace;
    return o;
  }
  bool quit_ = false;
  std::string typed_;  // the input being handled, as typed
};

}  // namespace bareme::tools
