// `simulate --all`: a generated population scored through every scheme and level of a
// catalogue, with a reform of parameters beside it.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "engine/evaluator.hpp"
#include "engine/fuzz.hpp"
#include "scoring/catalogue_summary.hpp"
#include "readers/csv.hpp"
#include "scoring/most_changed.hpp"
#include "scoring/population.hpp"
#include "scoring/report_changed.hpp"
#include "scoring/report_sections.hpp"
#include "scoring/seeds.hpp"
#include "scoring/simulate.hpp"
#include "scoring/summary.hpp"
#include "scoring/targets.hpp"

namespace bareme::scoring {
namespace {

// Eligible applications for every aid, pooled: about 64 in all, at least one per aid that
// has any, so that the population reaches each aid's amount rules and the levels' choices. One
// pool of random applications goes through the whole catalogue at once; an aid that no
// application of it reaches gets the greedy search of `simulate` (a shorter one in a large
// catalogue), from the same pool. A catalogue of 400 aids then seeds in a fraction of a second.
std::vector<interp::Application> catalogue_seeds(const Catalogue& c, uint64_t seed) {
  const ir::Program& p = c.program();
  const size_t wanted = std::max<size_t>(1, 64 / std::max<size_t>(1, c.schemes()));
  auto pool = engine::random_applications(p, 2048, seed ^ 0x5EEDull, true);
  std::vector<engine::Outputs> out;
  c.run(nullptr, &pool, out, std::nullopt, 0);
  std::vector<interp::Application> seeds;
  std::mt19937_64 rng(seed);
  for (ir::Index s = 0; s < c.schemes(); ++s) {
    std::vector<size_t> eligible;
    for (size_t r = 0; r < pool.size(); ++r)
      if (!out[s].error[r] && out[s].eligible[r]) eligible.push_back(r);
    if (!eligible.empty()) {
      for (size_t k = 0; k < wanted; ++k) seeds.push_back(pool[eligible[rng() % eligible.size()]]);
      continue;
    }
    const Target& t = c.targets()[s];
    const engine::Evaluator e{p, s, t.function, t.shape, {}, nullptr};  // c holds the code
    auto found = eligible_seeds(e, seed + s, wanted, &pool, c.schemes() > 16 ? 50 : 400);
    std::move(found.begin(), found.end(), std::back_inserter(seeds));
  }
  return seeds;
}

// One side of a run (baseline or reform): its targets' outputs for a chunk, totals, summary.
struct Side {
  const Catalogue& catalogue;
  CatalogueSummary summary;
  std::vector<engine::Outputs> outputs;
  RowTotals totals;

  explicit Side(const Catalogue& c) : catalogue(c), summary(c) {}
  void run(engine::Batch* batch, std::vector<interp::Application>& apps, unsigned threads) {
    catalogue.run(batch, &apps, outputs, std::nullopt, threads);
    catalogue.totals(outputs, apps.size(), totals);
    summary.add(outputs, totals, apps.size());
  }
  // Row r as the reform difference counts it: the total, and whether some aid applies.
  engine::RowResult row(size_t r) const {
    engine::RowResult out;
    out.error = totals.error[r] != 0;
    out.eligible = totals.some_aid[r] != 0;
    out.amount = totals.total[r];
    return out;
  }
};

}  // namespace

std::optional<std::string> simulate_all(const ir::Program& program, const SimulateOptions& o,
                                        std::ostream& out) {
  if (program.schemes.empty()) return "the project declares no scheme: it has no aid to simulate";
  if (o.reform_program)
    return "--reform compares one scheme with another: it does not go with --all";
  const bool reform =
      std::any_of(o.reform.begin(), o.reform.end(), [](const auto& v) { return v.has_value(); });
  if (reform && program.levels.empty()) {
    return "--set with --all compares the totals, and the project declares no level: nothing "
           "says how its aids add up";
  }
  const Catalogue base(program, true, {}, o.sources, o.warnings, "simulating");
  std::optional<Catalogue> changed;
  if (reform) changed.emplace(program, true, o.reform, nullptr, nullptr, "simulating");
  Side baseline(base);
  std::optional<Side> reformed;
  if (changed) reformed.emplace(*changed);
  ReformDiff diff;
  size_t not_compared = 0;
  MostChanged most;
  if (o.write && !o.write_jsonl) {
    std::string header;
    for (const auto& in : program.inputs)
      header += (header.empty() ? "" : ",") + readers::csv_field(in.name);
    *o.write << header << '\n';
  }
  const auto seeds = catalogue_seeds(base, o.seed);
  // Chunks of about a million input values: 64 Ki applications of a small project, fewer of a
  // catalogue of hundreds of inputs, so that memory stays bounded.
  const size_t chunk = std::clamp<size_t>(
      (size_t{1} << 20) / std::max<size_t>(1, program.inputs.size()), 1024, size_t{1} << 16);
  for (size_t done = 0, part = 0; done < o.count; done += chunk, ++part) {
    auto apps = engine::random_applications(program, std::min(chunk, o.count - done),
                                            o.seed * 1'000'003 + part, true);
    mix_with_seeds(apps, seeds, o.seed * 1'000'003 + part);
    if (o.population) apply_population(*o.population, apps, o.seed * 1'000'003 + part);
    if (o.write) write_applications(program, apps, o.write_jsonl, *o.write);
    std::unique_ptr<engine::Batch> batch;
    if (base.all_compiled() || (changed && changed->all_compiled())) {
      batch = std::make_unique<engine::Batch>(program);
      batch->reserve(apps.size());
      for (const auto& a : apps) batch->append(a);
    }
    baseline.run(batch.get(), apps, o.threads);
    if (reformed) {
      reformed->run(batch.get(), apps, o.threads);
      for (size_t r = 0; r < apps.size(); ++r) {
        const auto before = baseline.row(r), after = reformed->row(r);
        if (!before.error && !after.error) {
          diff.add(before, after);
          if (o.report && most.wants(before.amount, after.amount))
            most.add({done + r + 1, before.amount, after.amount, apps[r], std::nullopt});
          continue;
        }
        // Cannot decide is not 0 €: such a row is neither a gain nor a loss.
        ++not_compared;
        diff.baseline_total += before.error ? 0 : before.amount;
        diff.reform_total += after.error ? 0 : after.amount;
      }
    }
  }
  out << (reform ? "baseline " : "") << baseline.summary.text();
  if (reformed) {
    out << "reform " << reformed->summary.text() << diff.text();
    if (not_compared) {
      out << fmt::format(
          "  not compared, a level could not decide the total in the baseline or the reform: {}\n",
          not_compared);
    }
  }
  if (!o.summary_path.empty())
    std::ofstream(o.summary_path, std::ios::binary) << baseline.summary.json();
  if (!o.report) return std::nullopt;
  auto data =
      report_data("Simulation of the catalogue " + program.modules.back().name,
                  fmt::format("{} generated rows, seed {}", o.count, o.seed), o.report_command);
  for (auto& s : catalogue_sections(baseline.summary)) data.sections.push_back(std::move(s));
  if (reformed) {
    data.sections[0].title = "Baseline";
    auto sections = catalogue_sections(reformed->summary);
    sections[0].id = "reform", sections[0].title = "Reform";
    for (auto& c : sections[0].charts) c.id = "reform-" + c.id;
    for (auto& t : sections[0].tables) t.id = "reform-" + t.id;
    data.sections.push_back(std::move(sections[0]));
    data.sections.insert(data.sections.begin(), reform_section(diff, not_compared));
    data.changed_title = "The rows whose total changed most";
    data.changed = changed_rows(most.sorted(), ExplainSide{program, std::nullopt, o.sources, {}},
                                ExplainSide{program, std::nullopt, o.sources, o.reform});
  }
  if (!write_report(data, *o.report)) return "the HTML report could not be written";
  return std::nullopt;
}

}  // namespace bareme::scoring
