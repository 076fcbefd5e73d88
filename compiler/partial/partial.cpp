// Partial evaluation: decides eligibility on a partial situation, or ranks the inputs still needed.
#include "partial/partial.hpp"

#include <algorithm>
#include <map>

#include "partial/analysis.hpp"

namespace bareme::partial {
namespace {

using K = Tri::Kind;

// A value of input `i`'s type that its bounds accept, so that an evaluation can go past it.
runtime::Value placeholder(const ir::Input& in) {
  runtime::Value v;
  if (in.type.is(ir::TypeKind::List)) v = runtime::Value::of_items({});
  if (in.type.is(ir::TypeKind::Text))
    v = runtime::Value::of_text(in.values ? in.values->front() : "");
  if (in.at_least) v.scalar = std::max(v.scalar, *in.at_least);
  if (in.at_most) v.scalar = std::min(v.scalar, *in.at_most);
  return v;
}

// The inputs a full evaluation stops on, one after the other, each given a placeholder: for what
// the analysis of the conditions and the amount does not see (combines and levels of the file).
std::vector<ir::Index> stops(const ir::Program& p, ir::Index scheme, interp::Application app,
                             const interp::Options& options) {
  std::vector<ir::Index> out;
  for (size_t round = 0; round <= p.inputs.size(); ++round) {
    auto r = interp::evaluate(p, scheme, app, options);
    Analysis(p, scheme, app, options).translate(r.error);
    if (!r.error || r.error->code != runtime::ErrorCode::MissingInput || !r.error->missing_input)
      break;
    out.push_back(*r.error->missing_input);
    app.inputs[out.back()] = placeholder(p.inputs[out.back()]);
  }
  return out;
}

interp::FailedCondition refusal(ir::Index index, const ir::Condition& c, const Tri& t) {
  if (t.kind == K::Error)
    return {index, c.name, c.citation, "not applicable: " + t.error->message, true};
  return {index, c.name, c.citation, c.message};
}

}  // namespace

Outcome evaluate(const ir::Program& p, ir::Index scheme, const interp::Application& given,
                 const interp::Options& options) {
  interp::Options opts = options;
  opts.trace = false;
  opts.outputs = false;
  opts.format_outputs = false;
  opts.coverage = nullptr;
  interp::Application app = given;
  app.inputs.resize(p.inputs.size());
  Outcome out;
  out.answered = static_cast<size_t>(std::count_if(app.inputs.begin(), app.inputs.end(),
                                                   [](const auto& v) { return v.has_value(); }));

  auto full = interp::evaluate(p, scheme, app, opts);
  Analysis analysis(p, scheme, app, opts);
  analysis.translate(full.error);
  if (!full.error) {
    out.status = full.eligible ? Status::Eligible : Status::NotEligible;
    out.amount = full.amount;
    if (!full.failed.empty()) {
      out.failed = full.failed.front();
      const auto& s = p.schemes[scheme];
      out.failed_span = out.failed->index < s.conditions.size()
                            ? s.conditions[out.failed->index].span
                            : s.amount_span;
    }
    return out;
  }

  // Each condition on its own, three-valued: one known to fail decides.
  const auto& s = p.schemes[scheme];
  std::vector<std::pair<std::string, const ir::Expr*>> items;  // undecided, with what decides them
  for (ir::Index c = 0; c < s.conditions.size(); ++c) {
    const Tri t = analysis.tri(*s.conditions[c].test);
    const bool not_applicable =
        t.kind == K::Error && t.error->code == runtime::ErrorCode::NotApplicable;
    if (t.kind == K::False || not_applicable) {
      if (!out.failed) {
        out.failed = refusal(c, s.conditions[c], t);
        out.failed_span = s.conditions[c].span;
      }
    } else if (t.kind == K::Error) {
      if (!out.error) out.error = t.error;
    } else if (t.kind == K::Unknown) {
      items.emplace_back(s.conditions[c].name, s.conditions[c].test.get());
    }
  }
  // A condition that fails for sure decides, unless another ended in a runtime error other than
  // a missing input: then, as in the engines, that error is the answer (docs/semantics.md §3.12).
  if (out.failed && !out.error) {
    out.status = Status::NotEligible;
    return out;
  }
  out.status = Status::Undetermined;
  if (s.amount) {
    const auto r = analysis.eval(*s.amount);
    if (r.error && r.error->code == runtime::ErrorCode::MissingInput) {
      items.emplace_back("amount", s.amount.get());
    } else if (r.error && items.empty() && !out.error) {
      if (r.error->code == runtime::ErrorCode::NotApplicable) {
        out.status = Status::NotEligible;
        out.failed =
            interp::FailedCondition{static_cast<ir::Index>(s.conditions.size()), "amount",
                                    s.amount_citation, "not applicable: " + r.error->message, true};
        out.failed_span = s.amount_span;
        return out;
      }
      out.error = r.error;
    }
  }

  // What each undecided item reads, and the tests of the branches met on the way.
  std::map<ir::Index, int> decides;
  for (const auto& [name, expr] : items) {
    out.undecided.push_back(name);
    auto ins = analysis.inputs_of(*expr);
    // The input the interpreter stops on is needed for sure, whatever the analysis saw.
    if (auto r = analysis.eval(*expr); r.error && r.error->missing_input)
      ins.insert(*r.error->missing_input);
    for (ir::Index i : ins) ++decides[i];
  }
  for (const auto& [node, ins] : analysis.branches())
    for (ir::Index i : ins) ++decides[i];
  if (items.empty() && !out.error) {
    // The scheme itself is decided; a combine or level of its file still lacks inputs.
    if (full.error->code == runtime::ErrorCode::MissingInput) {
      out.undecided.push_back("combines and levels");
      for (ir::Index i : stops(p, scheme, app, opts)) ++decides[i];
    }
    if (decides.empty()) out.error = full.error;
  }
  for (const auto& [input, n] : decides) out.missing.push_back(Missing{input, n});
  std::stable_sort(out.missing.begin(), out.missing.end(),
                   [](const Missing& a, const Missing& b) { return a.decides > b.decides; });
  return out;
}

std::string missing_json(const ir::Program& program, ir::Index scheme,
                         const interp::Application& app, const interp::Options& options,
                         const source::SourceManager& sources) {
  return render_json(partial::evaluate(program, scheme, app, options), program, scheme, sources);
}

}  // namespace bareme::partial
