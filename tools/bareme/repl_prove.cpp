// The REPL's `:prove [NAME]`: the current scheme's declared properties (or the one named) proved
// by Z3 as `bareme prove` proves them, with the session's `param` overrides as the reform.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "prove_run.hpp"
#include "repl_session.hpp"

namespace bareme::tools {

std::string ReplSession::prove(const std::string& name) {
  if (!base_ || !base_->program || !scheme(*base_->program)) return "no scheme is loaded\n";
  // A compilation of its own: proving moves the properties into outputs of the scheme.
  std::string report;
  auto c = compile("", report);
  if (!c->program || !scheme(*c->program)) return report.empty() ? "no scheme is loaded\n" : report;
  ir::Program& p = *c->program;
  const ir::Index current = *scheme(p);
  const bool declares =
      std::any_of(p.properties.begin(), p.properties.end(),
                  [current](const ir::Property& x) { return x.scheme == current; });
  if (!declares)
    return fmt::format("scheme `{}` declares no property (`property NAME \"…\": EXPR`)\n",
                       p.schemes[current].name);
  // Each parameter overridden with `param` holds its new value at every date.
  const auto app = application(p);
  std::string reform;
  for (size_t i = 0; i < p.params.size(); ++i) {
    if (!app.param_overrides[i]) continue;
    const runtime::Value& v = *app.param_overrides[i];
    auto& param = p.params[i];
    if (v.wide || v.items || param.periods.empty())
      return fmt::format(":prove cannot read the value of `param {}`; `:reset` drops it\n",
                         param.name);
    auto value = std::make_unique<ir::Expr>();
    value->type = param.type;
    value->span = param.periods.front().value->span;
    value->node = ir::Literal{v.scalar, v.duration, v.text ? *v.text : ""};
    reform += fmt::format("{}{} = {}", reform.empty() ? "" : ", ", param.name,
                          interp::format_value(p, param.type, v));
    param.periods.clear();
    param.periods.push_back(ir::Period{{}, {}, std::move(value), "", param.span});
  }
  ir::mark_exact_values(p);
  ProveOptions o;
  if (!name.empty()) o.properties.push_back(name);
  std::ostringstream out, err;
  const int status = prove_loaded(o, *c, current, "", out, err);
  std::string text = reform.empty() ? "" : fmt::format("with the reform: {}\n", reform);
  if (status == 2 && err.str().empty()) return text + "bad input\n";
  return text + err.str() + out.str();
}

}  // namespace bareme::tools
