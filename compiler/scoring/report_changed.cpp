// The most-changed rows explained by the interpreter (a catalogue row: the aid changed most).
#include "scoring/report_changed.hpp"

#include <sstream>

#include "report/results.hpp"
#include "scoring/simulate.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {
namespace {

// An explanation stays readable and the report small: at most this many bytes each.
constexpr size_t kExplainBytes = 8'000;

interp::Result evaluate(const ExplainSide& side, ir::Index scheme, const interp::Application& app,
                        bool trace) {
  interp::Application a = app;
  a.param_overrides = side.overrides;
  interp::Options options;
  options.trace = trace;
  return interp::evaluate(side.program, scheme, a, options);
}

// A catalogue row (`--all`): the aid whose amount changed most between the two sides (decided
// on both), or none when no aid's amount changed.
std::optional<ir::Index> most_changed_aid(const ExplainSide& baseline, const ExplainSide& reform,
                                          const interp::Application& app) {
  std::optional<ir::Index> best;
  __int128 largest = 0;
  for (ir::Index s = 0; s < baseline.program.schemes.size(); ++s) {
    const auto b = evaluate(baseline, s, app, false), r = evaluate(reform, s, app, false);
    if (b.error || r.error) continue;
    __int128 d = static_cast<__int128>(r.amount) - b.amount;
    if (d < 0) d = -d;
    if (d > largest) largest = d, best = s;
  }
  return best;
}

std::string explain(const ExplainSide& side, std::optional<ir::Index> scheme,
                    const interp::Application& app) {
  if (!scheme)
    return "(no aid's amount changed: the total moved through a level; run `bareme explain "
           "--scheme NAME` with this application to see why)";
  if (!side.sources) return "(no sources to explain with)";
  std::string text = report::explain_text(evaluate(side, *scheme, app, true), *side.sources);
  if (!side.scheme)
    text =
        "The aid whose amount changed most, " + side.program.schemes[*scheme].name + ":\n" + text;
  if (text.size() > kExplainBytes) {
    size_t cut = kExplainBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut) + "\n… (cut: run `bareme explain` for the whole tree)\n";
  }
  return text;
}

}  // namespace

std::vector<html_report::ChangedRow> changed_rows(const std::vector<Changed>& rows,
                                                  const ExplainSide& baseline,
                                                  const ExplainSide& reform) {
  std::vector<html_report::ChangedRow> out;
  for (const auto& c : rows) {
    html_report::ChangedRow row;
    row.row = c.row;
    row.baseline = money128(c.baseline);
    row.reform = money128(c.reform);
    const __int128 d = static_cast<__int128>(c.reform) - c.baseline;
    row.change = (d > 0 ? "+" : "") + money128(d);
    std::ostringstream json;
    write_applications(baseline.program, {c.application}, true, json);
    row.application = json.str();
    const auto& reform_app = c.reform_application ? *c.reform_application : c.application;
    // One scheme: its own; a catalogue: the same aid on both sides, the one that changed most.
    const auto scheme =
        baseline.scheme ? baseline.scheme : most_changed_aid(baseline, reform, c.application);
    row.baseline_explain = explain(baseline, scheme, c.application);
    row.reform_explain = explain(reform, reform.scheme ? reform.scheme : scheme, reform_app);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace bareme::scoring
