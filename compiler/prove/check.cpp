// The check: the negated property given to Z3; unsat is a proof, a model a counterexample.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "prove/encoder.hpp"
#include "prove/situation.hpp"

namespace bareme::prove {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::Proved:
      return "proved";
    case Kind::Counterexample:
      return "counterexample";
    case Kind::Unknown:
      return "unknown";
  }
  return "unknown";
}

const char* reason_name(Reason reason) {
  switch (reason) {
    case Reason::None:
      return "";
    case Reason::Construct:
      return "construct not encoded";
    case Reason::Timeout:
      return "timeout";
    case Reason::NonLinear:
      return "non-linear arithmetic";
    case Reason::Solver:
      return "solver";
  }
  return "";
}

namespace {

Verdict run(const ir::Program& program, ir::Index scheme, const ir::Expr& test,
            std::span<const ir::Expr* const> preconditions, const Options& options,
            bool first_phase, bool* restricted = nullptr) {
  Verdict verdict;
  z3::context ctx;
  Encoder enc(ctx, program, scheme, options);
  try {
    z3::expr assumed = ctx.bool_val(true);
    for (const ir::Expr* p : preconditions) {
      const Sym s = enc.expr(*p);
      assumed = assumed && s.ok && s.v;
    }
    const Sym t = enc.expr(test);
    z3::solver solver(ctx, z3::solver::simple());
    set_budget(solver, options.timeout_ms, first_phase);
    for (const auto& b : enc.background) solver.add(b);
    if (first_phase)
      for (const auto& m : enc.modest) solver.add(m);
    // A counterexample: every precondition true, the test evaluated without error, and false.
    solver.add(options.errors ? assumed && !t.ok : assumed && t.ok && !t.v);
    verdict.nonlinear = enc.nonlinear;
    if (restricted) *restricted = !enc.modest.empty();
    if (enc.list_bounded) verdict.list_bound = options.list_bound;
    const auto asked = std::chrono::steady_clock::now();
    switch (solver.check()) {
      case z3::unsat:
        verdict.kind = Kind::Proved;
        break;
      case z3::sat: {
        verdict.kind = Kind::Counterexample;
        const z3::model model = solver.get_model();
        if (std::getenv("BAREME_PROVE_DEBUG")) std::cerr << solver << "\n" << model << "\n";
        write_situation(enc, model, verdict);
        break;
      }
      case z3::unknown: {
        verdict.kind = Kind::Unknown;
        const std::string why = reason_unknown(solver, asked, options.timeout_ms);
        const bool timeout = is_timeout(why);
        verdict.detail = unknown_detail(why, options.timeout_ms);
        verdict.reason = enc.nonlinear ? Reason::NonLinear
                         : timeout     ? Reason::Timeout
                                       : Reason::Solver;
        if (enc.nonlinear) verdict.detail += " (it multiplies or divides unknowns)";
        break;
      }
    }
  } catch (const Unsupported& u) {
    verdict = Verdict{};
    verdict.kind = Kind::Unknown;
    verdict.reason = Reason::Construct;
    verdict.detail = u.what;
    verdict.span = u.span;
  }
  return verdict;
}

}  // namespace

Verdict check(const ir::Program& program, ir::Index scheme, const ir::Expr& test,
              std::span<const ir::Expr* const> preconditions, const Options& options) {
  const auto start = std::chrono::steady_clock::now();
  Verdict verdict;
  try {
    // Ordinary values first (whole numbers within 10 000, others within 10 million of their
    // unit, dates of 2000-2040) within a fixed amount of the solver's work: with every list
    // empty, then (when some list is read) with lists. A counterexample there is found much
    // faster when there is one (the calendar of each list element weighs on the search) and
    // reads better. Sat there is a real application; anything else proves nothing, and the
    // whole question is asked last.
    Options empty = options;
    empty.list_bound = 0;
    bool restricted = true;
    verdict = run(program, scheme, test, preconditions, empty, true, &restricted);
    const bool lists = verdict.list_bound.has_value();
    if (verdict.kind == Kind::Counterexample) {
      verdict.list_bound.reset();
    } else if (verdict.kind == Kind::Unknown && verdict.reason == Reason::Construct) {
      // a construct the encoding lacks: the whole question would say the same
    } else {
      // Without ordinary-value ranges (no number or date read) and lists, the first phase was
      // the whole question, only bounded by work: its answer stands unless it decided nothing.
      const bool whole = !restricted && !lists && verdict.kind == Kind::Proved;
      if (lists && options.list_bound > 0)
        verdict = run(program, scheme, test, preconditions, options, true);
      if (!whole && verdict.kind != Kind::Counterexample)
        verdict = run(program, scheme, test, preconditions, lists ? options : empty, false);
    }
  } catch (const z3::exception& e) {
    verdict = Verdict{};
    verdict.kind = Kind::Unknown;
    verdict.reason = Reason::Solver;
    verdict.detail = e.msg();
  } catch (const std::exception& e) {
    verdict = Verdict{};
    verdict.kind = Kind::Unknown;
    verdict.reason = Reason::Solver;
    verdict.detail = e.what();
  }
  verdict.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return verdict;
}

}  // namespace bareme::prove
