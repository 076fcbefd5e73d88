// A test sets inputs, evaluates each expectation, and on failure shows expected, actual and trace.
#include "testrun/run_tests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "engine/fuzz.hpp"
#include "interp/interp.hpp"
#include "jit/jit.hpp"
#include "ir/walk.hpp"
#include "report/results.hpp"

namespace bareme::testrun {
namespace {

std::string source_text(const source::SourceManager& sources, source::Span span) {
  return std::string(sources.file(span.file).slice(span.begin, span.end));
}

std::string trace_of(const interp::Trace& trace) {
  std::string out;
  for (size_t root : trace.roots) out += report::trace_text(trace, root, "    ");
  return out;
}

// Why `expect` did not hold: for a comparison, the actual value of its left side.
TestFailure explain_failure(const ir::Program& program, const source::SourceManager& sources, const ir::Test& test,
                            const ir::Expr& expect, const interp::Application& app) {
  TestFailure f{test.name, test.span, "", ""};
  const auto loc = sources.file(expect.span.file).locate(expect.span.begin);
  const std::string written = source_text(sources, expect.span);
  const ir::Expr* shown = &expect;
  // A comparison shows its left side's value, unless evaluating the whole failed.
  const auto whole = interp::evaluate_expression(program, expect, test.scheme, app);
  if (const auto* c = std::get_if<ir::Compare>(&expect.node); c != nullptr && !whole.error) shown = c->lhs.get();
  const auto actual = interp::evaluate_expression(program, *shown, test.scheme, app, {true});
  if (actual.error) {
    f.message = fmt::format("expected {} (line {}), but the evaluation failed: {}", written, loc.line,
                            report::describe_error(*actual.error, sources));
  } else if (shown == &expect) {
    f.message = fmt::format("expected {} (line {}), but it is false", written, loc.line);
  } else {
    f.message = fmt::format("expected {} (line {}), but {} is {}", written, loc.line, source_text(sources, shown->span),
                            interp::format_value(program, shown->type, *actual.value));
  }
  f.trace = trace_of(actual.trace);
  return f;
}

// The schemes whose results `e` reads (`s.amount`, and each member of a level it reads), and
// those levels, for a test outside any scheme (a project's root module) to compare both engines
// on them.
void schemes_read(const ir::Program& program, const ir::Expr& e, std::set<ir::Index>& out,
                  std::set<ir::Index>& levels) {
  std::function<void(ir::Index)> level = [&](ir::Index l) {
    if (!levels.insert(l).second) return;
    for (const auto& m : program.levels[l].members) {
      if (m.kind == ir::LevelMember::Kind::Scheme) {
        out.insert(m.index);
      } else {
        level(m.index);
      }
    }
  };
  if (const auto* s = std::get_if<ir::SchemeRef>(&e.node)) out.insert(s->scheme);
  if (const auto* l = std::get_if<ir::LevelRef>(&e.node)) level(l->level);
  ir::for_each_child(e, [&](const ir::Expr& child) { schemes_read(program, child, out, levels); });
}

using Compiled = std::variant<std::shared_ptr<const jit::CompiledScheme>, jit::Refusal>;

// The JIT's result for one application.
engine::RowResult jit_row(const ir::Program& program, engine::OutputShape shape, const Compiled& compiled,
                          const interp::Application& app) {
  const auto& fn = std::get<std::shared_ptr<const jit::CompiledScheme>>(compiled);
  engine::Batch batch(program);
  batch.append(app);
  batch.set_as_of(app.as_of);
  return engine::run_compiled(fn->function, shape, batch, 1).front();
}

}  // namespace

TestReport run_tests(const ir::Program& program, const source::SourceManager& sources,
                     std::optional<ir::Index> module, bool jit_parity, interp::CoverageHits* coverage) {
  TestReport report;
  interp::Options recording;
  recording.coverage = coverage;
  // Each scheme is compiled once for all its tests.
  std::map<ir::Index, Compiled> compiled;
  // Every scheme and level in one module, as `score --all` compiles them: compared too.
  std::shared_ptr<const jit::CompiledCatalogue> catalogue;
  for (const auto& test : program.tests) {
    if (module && test.module != *module) continue;
    interp::Application app = interp::empty_application(program);
    std::optional<TestFailure> failure;
    for (const auto& g : test.given) {
      auto v = interp::evaluate_expression(program, *g.value, test.scheme, app, recording);
      if (v.error) {
        failure = TestFailure{test.name, test.span, "a given value cannot be evaluated: " + report::describe_error(*v.error, sources), ""};
        break;
      }
      app.inputs[g.input] = *v.value;
    }
    if (!failure && test.as_of) {
      auto v = interp::evaluate_expression(program, *test.as_of, test.scheme, app, recording);
      if (v.error) {
        failure = TestFailure{test.name, test.span, "the `as of` date cannot be evaluated: " + report::describe_error(*v.error, sources), ""};
      } else {
        app.as_of = v.value->scalar;
      }
    }
    for (size_t k = 0; !failure && k < test.expects.size(); ++k) {
      auto v = interp::evaluate_expression(program, *test.expects[k], test.scheme, app, recording);
      if (v.error || v.value->scalar == 0) failure = explain_failure(program, sources, test, *test.expects[k], app);
    }
    // Coverage: the whole scheme for the test's application, as the JIT parity compares it.
    if (coverage && test.scheme) interp::evaluate(program, *test.scheme, app, recording);
    // Both engines on the test's scheme, or on every scheme the expectations of a module's test read.
    std::set<ir::Index> compared, compared_levels;
    if (test.scheme) {
      compared.insert(*test.scheme);
    } else {
      for (const auto& x : test.expects) schemes_read(program, *x, compared, compared_levels);
    }
    // Compares the JIT's `actual` row with the interpreter's, naming how it was compiled.
    auto disagree = [&](const std::string& name, const char* how, const engine::RowResult& expected,
                        const engine::RowResult& actual) {
      if (failure || actual == expected) return;
      failure = TestFailure{test.name, test.span,
                            fmt::format("the JIT{} disagrees with the interpreter on `{}`:\n    interpreter: {}\n    jit:         {}",
                                        how, name, engine::describe(program, expected),
                                        engine::describe(program, actual)),
                            ""};
    };
    if (!failure && jit_parity && !(compared.empty() && compared_levels.empty()) && !catalogue)
      catalogue = jit::compile_catalogue(program);
    for (const ir::Index scheme : compared) {
      if (failure || !jit_parity) break;
      const engine::RowResult expected = engine::interpreter_row(program, scheme, app);
      auto it = compiled.find(scheme);
      if (it == compiled.end()) {
        it = compiled.emplace(scheme, jit::compile(program, scheme)).first;
        // A scheme the JIT refuses is tested through the interpreter only: said once.
        if (auto* refusal = std::get_if<jit::Refusal>(&it->second)) {
          const std::string where = report::location(sources, refusal->span);
          report.notes.push_back(fmt::format("scheme `{}`: {}{}; its tests ran through the interpreter only",
                                             program.schemes[scheme].name, refusal->message,
                                             where.empty() ? "" : " (" + where + ")"));
        }
      }
      if (std::holds_alternative<jit::Refusal>(it->second)) continue;  // nothing to compare with
      const auto shape = engine::output_shape(program, scheme);
      disagree(program.schemes[scheme].name, "", expected, jit_row(program, shape, it->second, app));
      const auto& in_catalogue = catalogue->schemes[scheme];
      if (std::holds_alternative<jit::Refusal>(in_catalogue)) continue;
      disagree(program.schemes[scheme].name, " (every scheme in one module)", expected,
               jit_row(program, shape, in_catalogue, app));
    }
    for (const ir::Index level : compared_levels) {
      if (failure || !jit_parity) break;
      const auto& in_catalogue = catalogue->levels[level];
      if (auto* refusal = std::get_if<jit::Refusal>(&in_catalogue)) {
        const std::string note = fmt::format("level `{}`: {}; its tests ran through the interpreter only",
                                             program.levels[level].name, refusal->message);
        if (std::find(report.notes.begin(), report.notes.end(), note) == report.notes.end())
          report.notes.push_back(note);
        continue;
      }
      disagree(program.levels[level].name, " (the level alone)",
               engine::interpreter_level_row(program, level, app),
               jit_row(program, engine::kLevelShape, in_catalogue, app));
    }
    if (failure) {
      ++report.failed;
      ++report.by_module[test.module].second;
      report.failures.push_back(std::move(*failure));
    } else {
      ++report.passed;
      ++report.by_module[test.module].first;
    }
  }
  return report;
}

}  // namespace bareme::testrun
