// The most-changed rows explained: each evaluated again by the interpreter, with its trace.
#include "scoring/report_changed.hpp"

#include <sstream>

#include "report/results.hpp"
#include "scoring/simulate.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {
namespace {

// An explanation stays readable and the report small: at most this many bytes each.
constexpr size_t kExplainBytes = 8'000;

std::string explain(const ExplainSide& side, const interp::Application& app) {
  if (!side.scheme)
    return "(a catalogue row: run `bareme explain` on a scheme with this application to see why)";
  if (!side.sources) return "(no sources to explain with)";
  interp::Application a = app;
  a.param_overrides = side.overrides;
  interp::Options options;
  options.trace = true;
  std::string text =
      report::explain_text(interp::evaluate(side.program, *side.scheme, a, options), *side.sources);
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
    row.baseline_explain = explain(baseline, c.application);
    row.reform_explain =
        explain(reform, c.reform_application ? *c.reform_application : c.application);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace bareme::scoring
