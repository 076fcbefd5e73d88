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
  // Compiles the loaded files, the session definitions and `tail`; diagnostics are rendered
  // against the input when they point into `tail`.
  std::unique_ptr<driver::Compilation> compile(const std::string& tail, std::string& report) const;
  // The same, with the typed text `shown` (of which the tail's part from `body_start` is the
  // character `shown_offset` on) as what diagnostics are drawn against.
  std::unique_ptr<driver::Compilation> compile(const std::string& tail, size_t body_start, const std::string& shown,
                                               uint32_t shown_offset, std::string& report) const;
  // The current scheme of `p`: the chosen one while `p` has it, else the last.
  std::optional<ir::Index> scheme(const ir::Program& p) const;
  // `:scheme` lists the schemes, `:scheme NAME` switches to one.
  std::string schemes_command(const std::string& name);
  std::string list_schemes() const;
  // After the files were compiled again: the choice dropped, and said, when its scheme is gone.
  std::string keep_scheme();
  interp::Application application(const ir::Program& p) const;
  // Evaluates `expr` as `let __repl : TYPE = expr` (TYPE may be empty).
  std::string evaluate(const std::string& expr, const std::string& type, bool show_type, std::optional<Set>* out);
  std::string assign(const std::string& input, bool param);
  std::string missing();
  std::string explain(const std::string& name);
  std::string run_tests();
  std::string score(const std::string& path);
  std::string simulate(const std::string& count);

  std::vector<std::string> library_paths_;
  bool color_;
  std::vector<std::string> files_;         // absolute paths
  std::vector<std::string> definitions_;   // `let` lines of the session
  std::string scheme_name_;                // chosen by `--scheme` or `:scheme`; "": the last scheme
  std::map<std::string, Set> inputs_, params_;
  std::unique_ptr<driver::Compilation> base_;  // the loaded files and definitions
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
