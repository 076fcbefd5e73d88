// `score --all`: every scheme and level of a catalogue through the pipeline, one row per input
// row, and the catalogue's summary.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "scoring/catalogue_format.hpp"
#include "scoring/catalogue_summary.hpp"
#include "scoring/pipeline.hpp"
#include "scoring/rows.hpp"
#include "scoring/score.hpp"
#include "scoring/targets.hpp"

namespace bareme::scoring {
namespace {

// What each worker does with a block: read it, evaluate every target, total and format.
struct CatalogueWork {
  const Catalogue& catalogue;
  const RowReader& reader;
  const CatalogueFormat* format;  // null when no rows are written
  const ScoreOptions& options;

  void run(Job& job) const {
    reader.read(job.chunk);
    Chunk& c = job.chunk;
    const size_t rows = c.good_rows();
    catalogue.run(c.batch.get(), c.batch ? nullptr : &c.apps, job.targets, options.as_of, 1);
    catalogue.totals(job.targets, rows, job.totals);
    c.apps.clear();
    if (!format) return;
    for (const int32_t row : c.rows) {
      if (row < 0)
        format->error_row(c.errors[static_cast<size_t>(-row - 1)], job.text);
      else
        format->result_row(job.targets, job.totals, static_cast<size_t>(row), job.text);
      job.ends.push_back(static_cast<uint32_t>(job.text.size()));
    }
  }
};

}  // namespace

int score_all(const ir::Program& program, const ScoreOptions& o) {
  if (program.schemes.empty()) {
    std::cerr << "bareme score: --all: the project declares no scheme: it has no aid to score\n";
    return 2;
  }
  auto input = open_input(program, o);
  if (!input) return 2;
  const Catalogue catalogue(program, o.use_jit, o.param_overrides, o.sources, &std::cerr,
                            "scoring", /*per_target=*/false);
  const RowReader reader(program, input->jsonl, input->header, catalogue.all_compiled(),
                         o.strict);
  Output output;
  if (!open_output(o, output)) return 2;
  const CatalogueFormat format(catalogue, output.jsonl, o.columns);
  const CatalogueWork work{catalogue, reader, output.stream ? &format : nullptr, o};
  CatalogueSummary summary(catalogue);
  auto take = [&](Job& job) {
    const Chunk& c = job.chunk;
    size_t good = 0, undecided = 0;  // among the good rows taken: those without a total
    Taken taken{c.rows.size(), false};
    for (size_t k = 0; k < c.rows.size(); ++k) {
      const int32_t row = c.rows[k];
      if (row < 0) {
        summary.add_input_error();
      } else {
        ++good;
        undecided += job.totals.error[static_cast<size_t>(row)] != 0;
      }
      if (summary.errors() + undecided > o.max_errors) {
        std::cerr << fmt::format(
            "bareme score: stopped at row {}: more than {} errors (--max-errors)\n",
            summary.rows() + good, o.max_errors);
        taken = Taken{k + 1, true};
        break;
      }
    }
    summary.add(job.targets, job.totals, good);
    return taken;
  };
  const int status = run_pipeline(
      *input, o, [&work](Job& job) { work.run(job); }, take, output.stream,
      output.stream ? format.header() : std::string(), format.number_prefix());
  return report_summary(summary.text(), summary.json(), o.summary_path, status);
}

}  // namespace bareme::scoring
