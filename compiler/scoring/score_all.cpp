// `score --all`: every scheme and level of a catalogue through the pipeline, one row per input
// row, and the catalogue's summary.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "scoring/catalogue_format.hpp"
#include "scoring/catalogue_summary.hpp"
#include "scoring/pipeline.hpp"
#include "scoring/range_detail.hpp"
#include "scoring/report_sections.hpp"
#include "readers/rows.hpp"
#include "scoring/score.hpp"
#include "scoring/targets.hpp"

namespace bareme::scoring {
namespace {

// Rows per slice of a block evaluated by the catalogue's one function: 350 targets' outputs
// for 256 rows (about 1.5 MB) stay in cache while they are totalled, summed and written, where
// a whole block's (12 000 rows, about 75 MB) went to memory and back three times.
constexpr size_t kSliceRows = 256;

// What each worker does with a block: read it, evaluate every target, total, count and format,
// a slice at a time when one function evaluates the catalogue.
struct CatalogueWork {
  const Catalogue& catalogue;
  const readers::RowReader& reader;
  const CatalogueFormat* format;  // null when no rows are written
  const ScoreOptions& options;

  void run(Job& job) const {
    reader.read(job.chunk);
    readers::Chunk& c = job.chunk;
    const size_t rows = c.good_rows();
    if (!job.partial) job.partial = std::make_unique<CatalogueSummary>(catalogue);
    job.partial->clear();
    job.undecided.assign(rows, 0);
    job.sliced = c.batch && catalogue.one_function();
    const size_t slice = job.sliced ? kSliceRows : std::max<size_t>(rows, 1);
    size_t next = 0;  // the next entry of c.rows to format
    for (size_t begin = 0; begin < rows; begin += slice) {
      const size_t end = std::min(rows, begin + slice);
      if (job.sliced)
        catalogue.run_slice(*c.batch, begin, end, job.targets, options.as_of);
      else
        catalogue.run(c.batch.get(), c.batch ? nullptr : &c.apps, job.targets, options.as_of, 1);
      catalogue.totals(job.targets, end - begin, job.totals);
      job.partial->add(job.targets, job.totals, end - begin);
      for (size_t r = begin; r < end; ++r) job.undecided[r] = job.totals.error[r - begin] != 0;
      next = format_rows(job, next, begin, end);
    }
    format_rows(job, next, rows, rows);  // the error rows after the last good row
    c.apps.clear();                      // the interpreter's rows: read afresh for the next block
  }

  // Formats the entries of c.rows from `next` up to the first good row past `end`, good rows
  // [begin, end) being in job.targets as rows 0 to end - begin; the next entry to format.
  size_t format_rows(Job& job, size_t next, size_t begin, size_t end) const {
    const readers::Chunk& c = job.chunk;
    for (; next < c.rows.size(); ++next) {
      const int32_t row = c.rows[next];
      if (row >= 0 && static_cast<size_t>(row) >= end) break;
      if (!format) continue;
      if (row < 0)
        format->error_row(c.errors[static_cast<size_t>(-row - 1)], job.text);
      else
        format->result_row(job.targets, job.totals, static_cast<size_t>(row) - begin, job.text,
                           range_detail(job, static_cast<size_t>(row), begin));
      job.ends.push_back(static_cast<uint32_t>(job.text.size()));
    }
    return next;
  }

  // Which inputs of good row `row` are out of range, when its total cannot be decided.
  std::string range_detail(const Job& job, size_t row, size_t begin) const {
    if (job.totals.error[row - begin] == 0) return "";
    const readers::Chunk& c = job.chunk;
    const ir::Program& p = catalogue.program();
    return c.batch ? out_of_range_inputs(p, *c.batch, row) : out_of_range_inputs(p, c.apps[row]);
  }

  // The summary of the first `good` good rows of a block, when --max-errors stops inside it.
  void add_prefix(Job& job, size_t good, CatalogueSummary& summary) const {
    readers::Chunk& c = job.chunk;
    if (job.sliced) {
      catalogue.run(c.batch.get(), nullptr, job.targets, options.as_of, 1);
      catalogue.totals(job.targets, c.good_rows(), job.totals);
    }
    summary.add(job.targets, job.totals, good);
  }
};

}  // namespace

int score_all(const ir::Program& program, const ScoreOptions& o) {
  if (program.schemes.empty()) {
    o.errors() << "bareme score: --all: the project declares no scheme: it has no aid to score\n";
    return 2;
  }
  auto input = open_input(program, o);
  if (!input) return 2;
  const Catalogue catalogue(program, o.use_jit, o.param_overrides, o.sources, &o.errors(),
                            "scoring", /*per_target=*/false);
  const readers::RowReader reader(program, input->jsonl, input->header, catalogue.all_compiled(), o.strict);
  Output output;
  if (!open_output(o, output)) return 2;
  const CatalogueFormat format(catalogue, output.jsonl, o.columns);
  const CatalogueWork work{catalogue, reader, output.stream ? &format : nullptr, o};
  CatalogueSummary summary(catalogue);
  std::string stopped;  // why the run stopped early (--max-errors); empty: it did not
  auto take = [&](Job& job) {
    const readers::Chunk& c = job.chunk;
    size_t good = 0, undecided = 0;  // among the good rows taken: those without a total
    Taken taken{c.rows.size(), false};
    for (size_t k = 0; k < c.rows.size(); ++k) {
      const int32_t row = c.rows[k];
      if (row < 0) {
        summary.add_input_error();
      } else {
        ++good;
        undecided += job.undecided[static_cast<size_t>(row)];
      }
      if (summary.errors() + undecided > o.max_errors) {
        stopped = fmt::format("stopped at row {}: more than {} errors (--max-errors)",
                              summary.rows() + good, o.max_errors);
        o.errors() << "bareme score: " << stopped << '\n';
        taken = Taken{k + 1, true};
        break;
      }
    }
    if (taken.stop)
      work.add_prefix(job, good, summary);
    else
      summary.merge(*job.partial);
    return taken;
  };
  const int status = run_pipeline(
      *input, o, [&work](Job& job) { work.run(job); }, take, output.stream,
      output.stream ? format.header() : std::string(), format.number_prefix());
  const int reported =
      report_summary(summary.text(), summary.json(), o.summary_path, status, o.errors());
  if (!o.report) return reported;
  auto data = report_data("Scores of the catalogue " + program.modules.back().name,
                          fmt::format("{} rows of {}", summary.rows(), o.input), o.report_command);
  if (status != 0)  // 2: the input could not be read to its end
    data.stopped = !stopped.empty()
                       ? stopped
                       : fmt::format("stopped at row {}: its input could not be read further",
                                     summary.rows() + 1);
  data.sections = catalogue_sections(summary);
  if (write_report(data, *o.report)) return reported;
  o.errors() << "bareme score: the HTML report could not be written\n";
  return 2;
}

}  // namespace bareme::scoring
