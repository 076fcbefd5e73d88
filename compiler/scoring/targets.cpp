// A catalogue's schemes and levels compiled together, evaluated over batches of rows, and the
// total of each row.
#include "scoring/targets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <thread>

#include "scoring/score.hpp"

namespace bareme::scoring {
namespace {

// Calls `f(begin, end)` over [0, n) in slices of `slice`, on `threads` threads (0: every core).
void parallel(size_t n, size_t slice, unsigned threads,
              const std::function<void(size_t, size_t)>& f) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, (n + slice - 1) / slice));
  if (threads <= 1) {
    if (n) f(0, n);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t begin = next.fetch_add(slice); begin < n; begin = next.fetch_add(slice))
      f(begin, std::min(n, begin + slice));
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

void store(const engine::RowResult& row, engine::Outputs& out, size_t r) {
  out.error[r] = row.error;
  out.eligible[r] = row.eligible;
  out.amount[r] = row.amount;
  std::copy(row.failed.begin(), row.failed.end(),
            out.failed.begin() + static_cast<ptrdiff_t>(r * out.failed_words));
  for (size_t a = 0; a < row.aid_before.size() && a < out.aid_before.size(); ++a) {
    out.aid_before[a][r] = row.aid_before[a];
    out.aid_after[a][r] = row.aid_after[a];
  }
}

}  // namespace

Catalogue::Catalogue(const ir::Program& program, bool use_jit,
                     std::vector<std::optional<runtime::Value>> param_overrides,
                     const source::SourceManager* sources, std::ostream* warnings,
                     std::string_view doing, bool per_target)
    : program_(program), overrides_(std::move(param_overrides)) {
  if (use_jit) {
    jit::CompileOptions options;
    options.param_overrides = overrides_;
    if (!per_target) {
      auto all = jit::compile_all(program, options);
      if (auto* f = std::get_if<0>(&all)) all_ = *f;
    }
    if (!all_) compiled_ = jit::compile_catalogue(program, options);
  }
  size_t refused = 0;
  auto add = [&](bool level, ir::Index i, engine::OutputShape shape) {
    shape.error_detail = false;  // `score --all` words no row's error
    Target t{level, i, nullptr, shape};
    if (compiled_) {
      const auto& entry = level ? compiled_->levels[i] : compiled_->schemes[i];
      if (auto* refusal = std::get_if<jit::Refusal>(&entry)) {
        if (warnings && ++refused <= 20) {
          std::string line = fallback_warning(*refusal, sources, doing);
          line.insert(line.find(' ') + 1,
                      fmt::format("{} {}: ", level ? "level" : "scheme",
                                  level ? program.levels[i].name : program.schemes[i].name));
          *warnings << line;
        }
      } else {
        t.function = std::get<0>(entry)->function;
      }
    }
    all_compiled_ = all_compiled_ && (all_ || t.function != nullptr);
    targets_.push_back(t);
  };
  for (ir::Index s = 0; s < program.schemes.size(); ++s)
    add(false, s, engine::output_shape(program, s));
  for (ir::Index l = 0; l < program.levels.size(); ++l) add(true, l, engine::kLevelShape);
  if (warnings && refused > 20) {
    *warnings << fmt::format(
        "warning: {} more schemes and levels the JIT cannot compile; {} them "
        "with the interpreter (slower)\n",
        refused - 20, doing);
  }

  top_.assign(program.levels.size(), true);
  for (const auto& l : program.levels) {
    for (const auto& m : l.members)
      if (m.kind == ir::LevelMember::Kind::Level) top_[m.index] = false;
  }
  std::vector<bool> seen(program.levels.size(), false);
  std::function<void(ir::Index)> visit = [&](ir::Index l) {
    if (seen[l]) return;
    seen[l] = true;
    for (const auto& m : program.levels[l].members)
      if (m.kind == ir::LevelMember::Kind::Level) visit(m.index);
    shown_.push_back(l);
  };
  for (ir::Index l = 0; l < program.levels.size(); ++l)
    if (top_[l]) visit(l);
  for (ir::Index l = 0; l < program.levels.size(); ++l) visit(l);  // none left: no cycles

  for (const auto& l : program.levels) {
    const bool shared = std::count_if(program.levels.begin(), program.levels.end(),
                                      [&](const ir::Level& o) { return o.name == l.name; }) > 1;
    level_names_.push_back(shared ? program.modules[l.module].name + "." + l.name : l.name);
  }
}

void Catalogue::run_compiled_into(
    std::vector<engine::Outputs>& out, size_t rows,
    const std::function<void(const std::vector<runtime::BatchOutput*>&)>& call) const {
  if (!all_) return;
  // The function writes every output of every row: sized, not cleared.
  std::vector<runtime::BatchOutput> views;
  views.reserve(targets_.size());
  for (size_t t = 0; t < targets_.size(); ++t) {
    engine::size_outputs(out[t], rows, targets_[t].shape);
    views.push_back(out[t].view());
  }
  std::vector<runtime::BatchOutput*> outs;
  outs.reserve(views.size());
  for (auto& v : views) outs.push_back(&v);
  call(outs);
}

void Catalogue::run_slice(engine::Batch& batch, size_t begin, size_t end,
                          std::vector<engine::Outputs>& out,
                          std::optional<runtime::Days> as_of) const {
  out.resize(targets_.size());
  batch.set_as_of(as_of);
  const runtime::BatchInput& whole = batch.input();
  // The slice's rows seen as rows 0 to end - begin: each column starts at row `begin` (a list's
  // offsets too; its element columns are indexed through them).
  const size_t columns = program_.inputs.size();
  std::vector<runtime::ColumnView> shifted(whole.columns, whole.columns + columns);
  const auto by = static_cast<std::ptrdiff_t>(begin);
  for (auto& c : shifted) {
    if (c.values) c.values += by;
    if (c.days) c.days += by;
    if (c.present) c.present += by;
    if (c.offsets) c.offsets += by;
  }
  runtime::BatchInput in = whole;
  in.columns = shifted.data();
  run_compiled_into(out, end - begin, [&](const std::vector<runtime::BatchOutput*>& outs) {
    all_->function(&in, outs.data(), 0, static_cast<int64_t>(end - begin));
  });
}

void Catalogue::run(engine::Batch* batch, std::vector<interp::Application>* apps,
                    std::vector<engine::Outputs>& out, std::optional<runtime::Days> as_of,
                    unsigned threads) const {
  const size_t rows = batch ? batch->rows() : apps->size();
  out.resize(targets_.size());
  std::unique_ptr<engine::Batch> built;
  if (!batch && (all_ || std::any_of(targets_.begin(), targets_.end(),
                                     [](const Target& t) { return t.function; }))) {
    built = std::make_unique<engine::Batch>(program_);
    built->reserve(rows);
    for (const auto& a : *apps) built->append(a);
    batch = built.get();
  }
  run_compiled_into(out, rows, [&](const std::vector<runtime::BatchOutput*>& outs) {
    batch->set_as_of(as_of);
    const runtime::BatchInput& in = batch->input();
    parallel(rows, 1024, threads, [&](size_t begin, size_t end) {
      all_->function(&in, outs.data(), static_cast<int64_t>(begin), static_cast<int64_t>(end));
    });
  });
  if (all_) return;
  std::vector<size_t> compiled, interpreted;
  for (size_t t = 0; t < targets_.size(); ++t) {
    engine::prepare_outputs(out[t], rows, targets_[t].shape);
    (targets_[t].function ? compiled : interpreted).push_back(t);
  }
  if (!compiled.empty()) {
    // The compiled targets share the batch's columns; each writes its own outputs.
    batch->set_as_of(as_of);
    const runtime::BatchInput& in = batch->input();
    parallel(compiled.size(), 1, threads, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        engine::Outputs& o = out[compiled[i]];
        runtime::BatchOutput view = o.view();
        targets_[compiled[i]].function(&in, &view, 0, static_cast<int64_t>(rows));
      }
    });
  }
  if (interpreted.empty()) return;
  parallel(rows, 64, threads, [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) {
      interp::Application& app = (*apps)[r];
      if (as_of) app.as_of = as_of;
      if (!overrides_.empty()) app.param_overrides = overrides_;
      for (const size_t t : interpreted) {
        const Target& target = targets_[t];
        store(target.level ? engine::interpreter_level_row(program_, target.index, app)
                           : engine::interpreter_row(program_, target.index, app),
              out[t], r);
      }
    }
  });
}

void Catalogue::totals(const std::vector<engine::Outputs>& out, size_t rows,
                       RowTotals& totals) const {
  totals.total.assign(rows, 0);
  totals.error.assign(rows, 0);
  totals.some_aid.assign(rows, 0);
  // The schemes each row names (eligible or undecided), in scheme order, column by column: a
  // row's list is then read without visiting every scheme's arrays.
  totals.named_end.assign(rows, 0);
  for (size_t s = 0; s < schemes(); ++s) {
    const auto& o = out[s];
    for_each_named_row(o, rows, [&](size_t r) {
      totals.some_aid[r] |= o.eligible[r] & (o.error[r] == 0);
      ++totals.named_end[r];
    });
  }
  uint32_t named = 0;
  for (size_t r = 0; r < rows; ++r) named = totals.named_end[r] += named;
  totals.named.resize(named);
  totals.cursor.resize(rows);
  for (size_t r = 0; r < rows; ++r) totals.cursor[r] = r ? totals.named_end[r - 1] : 0;
  for (size_t s = 0; s < schemes(); ++s)
    for_each_named_row(out[s], rows, [&](size_t r) { totals.named[totals.cursor[r]++] = static_cast<uint32_t>(s); });
  std::vector<__int128> sum(rows, 0);
  for (const ir::Index l : shown_) {
    if (!top_[l]) continue;
    const auto& o = out[schemes() + l];
    for (size_t r = 0; r < rows; ++r) {
      if (o.error[r] && totals.error[r] == 0) totals.error[r] = l + 1;
      if (!o.error[r] && o.eligible[r]) sum[r] += o.amount[r];
    }
  }
  for (size_t r = 0; r < rows; ++r) {
    if (totals.error[r]) continue;
    if (sum[r] > INT64_MAX || sum[r] < INT64_MIN)
      totals.error[r] = RowTotals::kTotalOverflow;
    else
      totals.total[r] = static_cast<int64_t>(sum[r]);
  }
}

}  // namespace bareme::scoring
