// The REPL's `:diff`: the loaded scheme against itself with the session's parameter overrides,
// compared by Z3 as `bareme diff --set` compares them (diff_run.hpp).
#include <sstream>

#include "diff_run.hpp"
#include "repl_session.hpp"

namespace bareme::tools {

std::string ReplSession::diff(const std::string& options) {
  if (!base_->program || !scheme(*base_->program)) return "no scheme is loaded\n";
  if (!options.empty() && options != "--maximise" && options != "--maximize")
    return "write `:diff` or `:diff --maximise`\n";
  const auto overrides = application(*base_->program).param_overrides;
  std::string set;
  for (size_t k = 0; k < overrides.size(); ++k) {
    if (!overrides[k]) continue;
    if (overrides[k]->wide || overrides[k]->items)
      return "`:diff` cannot read the value of `param " + base_->program->params[k].name +
             "`; `:reset` drops it\n";
    set += (set.empty() ? "`" : ", `") + base_->program->params[k].name + "`";
  }
  if (set.empty()) return "no parameter is overridden: write `param NAME = VALUE`, then :diff\n";
  // Each version is compiled again: the comparison adds outputs to its scheme.
  std::string report;
  auto old_c = compile("", report), new_c = compile("", report);
  if (!old_c->ok() || !new_c->ok()) return report;
  DiffVersion o = version_of(*old_c->program, scheme(*old_c->program));
  DiffVersion n = version_of(*new_c->program, scheme(*new_c->program));
  o.sources = &old_c->sources;
  n.sources = &new_c->sources;
  apply_overrides(*n.program, overrides);
  DiffRun run;
  run.solver.timeout_ms = 5000;
  run.solver.maximise = !options.empty();
  run.old_label = "the files' parameters";
  run.new_label = "the session's " + set;
  run.saved_prefix = "bareme-repl-diff";
  std::ostringstream out, err;
  run_diff(o, n, run, out, err);
  return err.str() + out.str();
}

}  // namespace bareme::tools
