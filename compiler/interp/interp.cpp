// The interpreter's entry points and the formatting of values.
#include "interp/interp.hpp"

#include <fmt/format.h>

#include "interp/evaluator.hpp"
#include "ir/dump.hpp"

namespace bareme::interp {

Application empty_application(const ir::Program& program) {
  Application app;
  app.inputs.resize(program.inputs.size());
  app.param_overrides.resize(program.params.size());
  return app;
}

std::string format_value(const ir::Program& program, ir::Type type, const runtime::Value& v) {
  if (v.wide) return format_wide(program, type, v.exact);
  switch (type.kind) {
    case ir::TypeKind::Text: return ir::format_literal(program, type, ir::Literal{0, {}, v.text ? *v.text : ""});
    case ir::TypeKind::Duration: return runtime::format_duration(v.duration);
    case ir::TypeKind::Enum: {
      const auto& cases = program.enums[type.ref].cases;
      return v.scalar >= 0 && static_cast<size_t>(v.scalar) < cases.size() ? cases[static_cast<size_t>(v.scalar)].name : "?";
    }
    case ir::TypeKind::Record: {
      const auto& rec = program.records[type.ref];
      std::string out = "{";
      for (size_t f = 0; f < rec.fields.size() && f < v.elements().size(); ++f) {
        out += fmt::format("{}{}: {}", f ? ", " : "", rec.fields[f].name, format_value(program, rec.fields[f].type, v.elements()[f]));
      }
      return out + "}";
    }
    case ir::TypeKind::List: {
      std::string out = "[";
      const ir::Type element = ir::Type::of(ir::TypeKind::Record, type.ref);
      for (size_t i = 0; i < v.elements().size(); ++i) {
        out += (i ? ", " : "") + format_value(program, element, v.elements()[i]);
      }
      return out + "]";
    }
    default: return ir::format_literal(program, type, ir::Literal{v.scalar, v.duration, {}});
  }
}

std::string plain_value(const ir::Program& program, ir::Type type, const runtime::Value& v) {
  switch (type.kind) {
    case ir::TypeKind::Money: return v.wide ? runtime::wide_text(v.exact, 2) : runtime::format_scaled(v.scalar, 2, 2);
    case ir::TypeKind::Int: return v.wide ? runtime::wide_text(v.exact, 0) : std::to_string(v.scalar);
    case ir::TypeKind::Decimal:
    case ir::TypeKind::Rate:
    case ir::TypeKind::Quantity: return v.wide ? runtime::wide_text(v.exact, 0) : runtime::format_scaled(v.scalar, 6, 0);
    case ir::TypeKind::Bool: return v.scalar ? "true" : "false";
    case ir::TypeKind::Date: return runtime::format_date(static_cast<runtime::Days>(v.scalar));
    case ir::TypeKind::Text: return v.text ? *v.text : "";
    default: return format_value(program, type, v);
  }
}

bool plain_is_number(ir::Type type) {
  return type.is(ir::TypeKind::Money) || type.is(ir::TypeKind::Int) || type.is(ir::TypeKind::Decimal) ||
         type.is(ir::TypeKind::Rate) || type.is(ir::TypeKind::Quantity);
}

std::string format_wide(const ir::Program& program, ir::Type type, runtime::Wide w) {
  switch (type.kind) {
    case ir::TypeKind::Money: {
      // Thousands grouped by a space, as format_money does.
      const std::string plain = runtime::wide_text(w, 2);
      const size_t start = plain[0] == '-' ? 1 : 0, point = plain.find('.');
      std::string out = plain.substr(0, start);
      for (size_t i = start; i < point; ++i) {
        if (i > start && (point - i) % 3 == 0) out += ' ';
        out += plain[i];
      }
      return out + plain.substr(point) + " €" + ir::money_suffix(program, type);
    }
    case ir::TypeKind::Rate: {
      runtime::Wide percent = 0;
      if (__builtin_mul_overflow(w, 100, &percent)) return runtime::wide_text(w, 0);
      return runtime::wide_text(percent, 0) + " %";
    }
    case ir::TypeKind::Quantity: return runtime::wide_text(w, 0) + " " + program.units[type.ref].name;
    default: return runtime::wide_text(w, 0);
  }
}

namespace {

// One output, in an evaluator that does not trace: a failure restores the state it interrupted.
OutputResult evaluate_output(Evaluator& ev, const std::string& name, const ir::Expr& value, bool format,
                             const std::string& context) {
  OutputResult out;
  out.name = name;
  out.type = value.type;
  out.type_name = ir::type_name(ev.program_, out.type);
  auto saved_locals = ev.locals_;
  const std::string saved_rule = ev.current_rule_, saved_citation = ev.current_citation_;
  const auto saved_function = ev.current_function_;
  ev.current_rule_ = context;
  ev.current_citation_.clear();
  try {
    out.value = ev.eval(value);
    if (format) {
      out.text = format_value(ev.program_, out.type, *out.value);
      out.plain = plain_value(ev.program_, out.type, *out.value);
    }
  } catch (const Failure& f) {
    out.error = f.error;
  }
  ev.locals_ = std::move(saved_locals);
  ev.current_rule_ = saved_rule;
  ev.current_citation_ = saved_citation;
  ev.current_function_ = saved_function;
  return out;
}

}  // namespace

Result evaluate(const ir::Program& program, ir::Index scheme, const Application& app, const Options& options) {
  Evaluator ev(program, app, options);
  ev.root_scheme_ = scheme;
  Result r;
  r.scheme = program.schemes[scheme].name;
  try {
    r.as_of = ev.as_of();
    const SchemeOutcome& outcome = ev.scheme(scheme);
    r.eligible = outcome.eligible;
    r.amount = outcome.amount;
    r.failed = outcome.failed;
    const ir::Index module = program.schemes[scheme].module;
    for (ir::Index c = 0; c < program.combines.size(); ++c) {
      if (program.combines[c].module == module) r.combines.push_back(ev.combine(c));
    }
    // The levels of the scheme's file, and those the scheme read (declared in another file of
    // the project).
    for (ir::Index l = 0; l < program.levels.size(); ++l) {
      if (program.levels[l].module == module || ev.levels_[l]) r.levels.push_back(ev.level(l));
    }
  } catch (const Failure& f) {
    r.error = f.error;
  }
  r.trace = std::move(ev.trace_);
  const auto& outputs = program.schemes[scheme].outputs;
  if (outputs.empty() || !options.outputs) return r;
  // The outputs reuse what the result computed, unless it ended in an error (the evaluator's
  // state is then that of the failure) or was traced (outputs stay out of the explanation).
  if (!r.error && !options.trace) {
    for (const auto& o : outputs) r.outputs.push_back(evaluate_output(ev, o.name, *o.value, options.format_outputs, "output " + o.name));
  } else {
    Options quiet = options;
    quiet.trace = false;
    Evaluator fresh(program, app, quiet);
    fresh.root_scheme_ = scheme;
    for (const auto& o : outputs) r.outputs.push_back(evaluate_output(fresh, o.name, *o.value, options.format_outputs, "output " + o.name));
  }
  return r;
}

OutputResult evaluate_output(const ir::Program& program, const std::string& name, const ir::Expr& expr,
                             std::optional<ir::Index> scheme, const Application& app, const Options& options) {
  Options quiet = options;
  quiet.trace = false;
  Evaluator ev(program, app, quiet);
  ev.root_scheme_ = scheme;
  return evaluate_output(ev, name, expr, options.format_outputs, name);
}

LevelEvaluation evaluate_level(const ir::Program& program, ir::Index level, const Application& app,
                               const Options& options) {
  Evaluator ev(program, app, options);
  LevelEvaluation r;
  try {
    r.level = ev.level(level);
  } catch (const Failure& f) {
    r.error = f.error;
  }
  r.as_of = ev.as_of();
  r.trace = std::move(ev.trace_);
  return r;
}

ExpressionResult evaluate_expression(const ir::Program& program, const ir::Expr& expr,
                                     std::optional<ir::Index> scheme, const Application& app,
                                     const Options& options) {
  Evaluator ev(program, app, options);
  ev.root_scheme_ = scheme;
  ExpressionResult r;
  try {
    r.value = ev.eval(expr);
  } catch (const Failure& f) {
    r.error = f.error;
  }
  r.trace = std::move(ev.trace_);
  return r;
}

std::string param_error_message(const ir::Program& program, runtime::ErrorCode code, ir::Index param,
                                std::optional<runtime::Days> date) {
  const std::string& name = program.params[param].name;
  if (code == runtime::ErrorCode::NoEvaluationDate || !date)
    return fmt::format("parameter `{}` changes over time, but no evaluation date is known", name);
  return fmt::format("parameter `{}` has no value on {}", name, runtime::format_date(*date));
}

}  // namespace bareme::interp
