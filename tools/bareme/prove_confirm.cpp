// Confirming `bareme prove`'s counterexamples by the interpreter and the JIT (prove_confirm.hpp).
#include "prove_confirm.hpp"

#include <fmt/format.h>

#include "engine/batch.hpp"
#include "jit/jit.hpp"

namespace bareme::tools {

Confirmation confirm(const ir::Program& program, ir::Index scheme, const ir::Expr& test,
                     const std::vector<const ir::Expr*>& preconditions, size_t output,
                     const interp::Application& app, bool errors) {
  auto expected = [errors](const std::string& v) {
    return errors ? v.rfind("error", 0) == 0 : v == "false";
  };
  Confirmation c;
  // A counterexample must meet the property's preconditions, by the interpreter too.
  for (const ir::Expr* pre : preconditions) {
    const auto r = interp::evaluate_expression(program, *pre, scheme, app);
    if (r.error || !r.value->scalar) {
      c.interp = r.error ? "a precondition fails: " + r.error->message : "a precondition is false";
      c.jit = "not run";
      return c;
    }
  }
  const auto r = interp::evaluate_expression(program, test, scheme, app);
  c.interp = r.error ? "error: " + r.error->message : r.value->scalar ? "true" : "false";
  const auto compiled = jit::compile(program, scheme);
  if (const auto* refusal = std::get_if<jit::Refusal>(&compiled)) {
    c.jit = "not run (" + refusal->message + ")";
    c.agree = expected(c.interp);
    return c;
  }
  engine::Batch batch(program);
  batch.append(app);
  batch.set_as_of(app.as_of);
  const auto row = engine::run_compiled(std::get<0>(compiled)->function,
                                        engine::output_shape(program, scheme), batch, 1)
                       .front();
  c.jit = row.output_errors[output]
              ? fmt::format(
                    "error: {}",
                    runtime::error_name(static_cast<runtime::ErrorCode>(row.output_errors[output])))
          : row.output_words[2 * output] ? "true"
                                         : "false";
  c.agree = expected(c.interp) && expected(c.jit);
  return c;
}

std::string violating_values(const driver::Compilation& c, const ir::Program& program,
                             ir::Index scheme, const ir::Expr& test,
                             const interp::Application& app) {
  const ir::Expr* e = &test;
  if (const auto* r = std::get_if<ir::RuleRef>(&e->node)) e = program.rules[r->rule].value.get();
  while (const auto* l = std::get_if<ir::Logic>(&e->node)) {
    const auto left = interp::evaluate_expression(program, *l->lhs, scheme, app);
    const bool left_false = left.value && left.value->scalar == 0;
    e = (l->is_and && left_false) ? l->lhs.get() : l->rhs.get();
  }
  const auto* cmp = std::get_if<ir::Compare>(&e->node);
  if (!cmp) return "";
  std::string out;
  for (const ir::Expr* side : {cmp->lhs.get(), cmp->rhs.get()}) {
    const auto v = interp::evaluate_expression(program, *side, scheme, app);
    if (!v.value) return "";
    const auto& f = c.sources.file(side->span.file);
    out += fmt::format("{}`{}` = {}", out.empty() ? "" : ", ",
                       f.slice(side->span.begin, side->span.end),
                       interp::format_value(program, side->type, *v.value));
  }
  return out;
}

}  // namespace bareme::tools
