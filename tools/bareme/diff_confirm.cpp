// Confirming a diff's witness with the interpreter and the JIT, and naming what differs on it.
#include "diff_confirm.hpp"

#include <fmt/format.h>

#include <map>

#include "engine/batch.hpp"
#include "inputs/application.hpp"
#include "inputs/json.hpp"

namespace bareme::tools {
namespace {

std::string shown(bool eligible, int64_t amount) {
  return fmt::format("{}, {}", eligible ? "eligible" : "not eligible",
                     runtime::format_money(amount));
}

// A value, or its error, as a line of the differences shows it.
std::string value_text(const ir::Program& p, const ir::Expr& e, std::optional<ir::Index> scheme,
                       const interp::Application& app) {
  const auto r = interp::evaluate_expression(p, e, scheme, app);
  if (r.error) return "error (" + r.error->message + ")";
  return interp::format_value(p, e.type, *r.value);
}

}  // namespace

DiffEngine compile_version(const DiffVersion& v) {
  DiffEngine out;
  auto compiled = jit::compile(*v.program, v.host);
  if (const auto* refusal = std::get_if<jit::Refusal>(&compiled))
    out.refusal = refusal->message;
  else
    out.compiled = std::get<0>(compiled);
  return out;
}

SideCheck check_side(const DiffVersion& v, const DiffEngine& engine, size_t output,
                     const std::string& situation, bool eligible, int64_t amount) {
  SideCheck c;
  const ir::Program& p = *v.program;
  const auto parsed = inputs::parse_json(situation);
  if (!std::holds_alternative<inputs::Json>(parsed)) {
    c.interp = "the situation does not parse";
    return c;
  }
  auto read = inputs::read_application(p, std::get<inputs::Json>(parsed), false);
  if (!read.errors.empty()) {
    c.interp = "the situation is refused: " + read.errors.front().message;
    return c;
  }
  read.app.as_of = v.as_of;
  c.app = read.app;
  const auto& outputs = p.schemes[v.host].outputs;
  const auto e = interp::evaluate_expression(p, *outputs[output].value, v.host, c.app);
  const auto a = interp::evaluate_expression(p, *outputs[output + 1].value, v.host, c.app);
  bool agree = false;
  if (e.error || a.error) {
    c.interp = "error: " + (e.error ? e.error : a.error)->message;
  } else {
    c.interp = shown(e.value->scalar != 0, a.value->scalar);
    agree = (e.value->scalar != 0) == eligible && a.value->scalar == amount;
  }
  if (!engine.compiled) {
    c.jit = "not run (" + engine.refusal + ")";
    c.agree = agree;
    return c;
  }
  engine::Batch batch(p);
  batch.append(c.app);
  batch.set_as_of(c.app.as_of);
  const auto row =
      engine::run_compiled(engine.compiled->function, engine::output_shape(p, v.host), batch, 1)
          .front();
  const uint8_t error =
      row.output_errors[output] ? row.output_errors[output] : row.output_errors[output + 1];
  if (error) {
    c.jit = fmt::format("error: {}", runtime::error_name(static_cast<runtime::ErrorCode>(error)));
    return c;
  }
  const bool jit_eligible = row.output_words[2 * output] != 0;
  const int64_t jit_amount = row.output_words[2 * (output + 1)];
  c.jit = shown(jit_eligible, jit_amount);
  c.agree = agree && jit_eligible == eligible && jit_amount == amount;
  return c;
}

std::vector<std::string> differing_values(const DiffVersion& o, const interp::Application& oa,
                                          const DiffVersion& n, const interp::Application& na,
                                          size_t limit) {
  std::vector<std::string> out;
  const ir::Program &a = *o.program, &b = *n.program;
  auto add = [&](std::string name, const std::string& before, const std::string& after) {
    if (before != after) out.push_back(fmt::format("`{}`: {} → {}", name, before, after));
  };
  for (ir::Index s = 0; s < a.schemes.size() && out.size() <= limit; ++s) {
    for (ir::Index t = 0; t < b.schemes.size(); ++t) {
      if (b.schemes[t].name != a.schemes[s].name) continue;
      for (const auto& c : a.schemes[s].conditions) {
        for (const auto& d : b.schemes[t].conditions) {
          if (d.name != c.name) continue;
          add(a.schemes[s].name + "." + c.name, value_text(a, *c.test, s, oa),
              value_text(b, *d.test, t, na));
        }
      }
    }
  }
  // One definition of each version, read as an expression `node` in each, compared by value.
  auto compare = [&](const std::string& name, ir::Type ta, decltype(ir::Expr::node) na_node,
                     ir::Type tb, decltype(ir::Expr::node) nb_node) {
    ir::Expr ea, eb;
    ea.type = ta;
    ea.node = std::move(na_node);
    eb.type = tb;
    eb.node = std::move(nb_node);
    add(name, value_text(a, ea, o.host, oa), value_text(b, eb, n.host, na));
  };
  // Parameters by name: a reform's, or a dated one on both sides of its boundary.
  for (ir::Index r = 0; r < a.params.size() && out.size() <= limit; ++r) {
    ir::Index q = 0;
    while (q < b.params.size() && b.params[q].name != a.params[r].name) ++q;
    if (q == b.params.size() || b.params[q].type.kind != a.params[r].type.kind) continue;
    compare(a.params[r].name, a.params[r].type, ir::ParamRef{r}, b.params[q].type, ir::ParamRef{q});
  }
  // Inputs by module and name: one the situation leaves out takes each version's default.
  for (ir::Index r = 0; r < a.inputs.size() && out.size() <= limit; ++r) {
    ir::Index q = 0;
    while (q < b.inputs.size() &&
           (b.inputs[q].name != a.inputs[r].name ||
            b.modules[b.inputs[q].module].name != a.modules[a.inputs[r].module].name))
      ++q;
    if (q == b.inputs.size() || b.inputs[q].type.kind != a.inputs[r].type.kind) continue;
    compare(a.inputs[r].name, a.inputs[r].type, ir::InputRef{r}, b.inputs[q].type, ir::InputRef{q});
  }
  // Rules by module and name: a catalogue's files may each have their own `ceiling`.
  std::map<std::string, ir::Index> rules;
  for (ir::Index q = 0; q < b.rules.size(); ++q)
    rules.emplace(b.modules[b.rules[q].module].name + "." + b.rules[q].name, q);
  for (ir::Index r = 0; r < a.rules.size() && out.size() <= limit; ++r) {
    const auto found = rules.find(a.modules[a.rules[r].module].name + "." + a.rules[r].name);
    if (found == rules.end() || b.rules[found->second].type.kind != a.rules[r].type.kind) continue;
    compare(a.rules[r].name, a.rules[r].type, ir::RuleRef{r}, b.rules[found->second].type,
            ir::RuleRef{found->second});
  }
  if (out.size() > limit) {
    out.resize(limit);
    out.push_back("…");
  }
  return out;
}

}  // namespace bareme::tools
