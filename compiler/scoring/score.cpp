// Scoring one scheme: its rows through the pipeline (scoring/pipeline.hpp), each added to the
// summary in input order.
#include "scoring/score.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "diag/suggest.hpp"
#include "jit/jit.hpp"
#include "readers/rows.hpp"
#include "report/results.hpp"
#include "scoring/output.hpp"
#include "scoring/pipeline.hpp"
#include "scoring/report_sections.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {
std::string fallback_warning(const jit::Refusal& refusal, const source::SourceManager* sources,
                             std::string_view doing) {
  const std::string where = sources ? report::location(*sources, refusal.span) : "";
  return fmt::format("warning: {}{}; {} with the interpreter (slower)\n", refusal.message,
                     where.empty() ? "" : " (" + where + ")", doing);
}

int score(const ir::Program& program, ir::Index scheme, const ScoreOptions& o) {
  const auto aids = aid_columns(program, scheme, o.combine);
  if (!aids) {
    std::vector<std::string> names;
    for (const auto& c : program.combines) {
      if (c.module == program.schemes[scheme].module) names.push_back(c.name);
    }
    std::string message =
        fmt::format("bareme score: --combine {}: the scheme's file has no such combine", o.combine);
    if (auto best = diag::closest(o.combine, names))
      message += fmt::format("; did you mean \"{}\"?", *best);
    o.errors() << message << (names.empty() ? " (it has none)\n" : "\n");
    return 2;
  }
  auto outputs = output_columns(program.schemes[scheme], o.outputs);
  if (auto* why = std::get_if<std::string>(&outputs)) {
    o.errors() << "bareme score: --outputs: " << *why << '\n';
    return 2;
  }
  auto input = open_input(program, o);
  if (!input) return 2;
  // Blocks whose rows give every input run the JIT's dense variant, which reads no presence
  // (about half the JIT's time per row on ADVENIR), the others its general one. The dense one
  // only for an input of more than one block, where it pays for its compilation. One variant is
  // compiled now, so that a refusal is said before scoring: the dense one for such a CSV input
  // whose header names every input, else the general one; the other when a block first needs it.
  std::unique_ptr<JitVariants> variants;
  if (o.use_jit) {
    jit::CompileOptions options;
    options.param_overrides = o.param_overrides;
    const bool long_input = input->blocks->more();
    options.all_inputs_present =
        long_input && !input->jsonl && header_gives_every_input(program, input->header);
    auto c = jit::compile(program, scheme, options);
    if (auto* refusal = std::get_if<jit::Refusal>(&c))
      o.errors() << fallback_warning(*refusal, o.sources, "scoring");
    else
      variants = std::make_unique<JitVariants>(
          program, scheme, options, std::get<std::shared_ptr<const jit::CompiledScheme>>(c),
          long_input);
  }
  const readers::RowReader reader(program, input->jsonl, input->header, variants != nullptr,
                                  o.strict);
  Work work{program,
            scheme,
            o,
            reader,
            nullptr,
            variants.get(),
            engine::output_shape(program, scheme)};
  Output output;
  if (!open_output(o, output)) return 2;
  const RowFormat format(program, scheme, output.jsonl, *aids,
                         std::get<std::vector<size_t>>(outputs), o.columns);
  if (output.stream) work.format = &format;
  if (output.stream && o.columns) o.errors() << format.legend();
  Summary summary(program, scheme, aids);
  std::string stopped;  // why the run stopped early (--max-errors); empty: it did not
  auto take = [&](Job& job) {
    const readers::Chunk& c = job.chunk;
    for (size_t k = 0; k < c.rows.size(); ++k) {
      const int32_t row = c.rows[k];
      if (row < 0)
        summary.add_input_error();
      else
        summary.add(job.outputs, static_cast<size_t>(row));
      if (summary.errors() > o.max_errors) {
        stopped = fmt::format("stopped at row {}: more than {} errors (--max-errors)",
                              input->rows_before + summary.rows(), o.max_errors);
        o.errors() << "bareme score: " << stopped << '\n';
        return Taken{k + 1, true};
      }
    }
    return Taken{c.rows.size(), false};
  };
  const int status = run_pipeline(
      *input, o, [&work](Job& job) { work.run(job); }, take, output.stream,
      output.stream ? format.header() : std::string(), format.number_prefix());
  const int reported =
      report_summary(summary.text(), summary.json(), o.summary_path, status, o.errors());
  if (!o.report) return reported;
  auto data = report_data("Scores of " + program.schemes[scheme].name,
                          fmt::format("{} rows of {}", summary.rows(), o.input), o.report_command);
  if (status != 0)  // 2: the input could not be read to its end
    data.stopped = !stopped.empty()
                       ? stopped
                       : fmt::format("stopped at row {}: its input could not be read further",
                                     summary.rows() + 1);
  data.sections.push_back(summary_section(summary, "summary", "Summary"));
  if (write_report(data, *o.report)) return reported;
  o.errors() << "bareme score: the HTML report could not be written\n";
  return 2;
}

}  // namespace bareme::scoring
