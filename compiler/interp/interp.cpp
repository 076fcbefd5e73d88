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
  return r;
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

}  // namespace bareme::interp
