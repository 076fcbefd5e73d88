// Scoring in chunks: read rows, evaluate the good ones together, write every row in order.
#include "scoring/score.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "engine/batch.hpp"
#include "jit/jit.hpp"
#include "report/json_writer.hpp"
#include "scoring/rows.hpp"
#include "scoring/summary.hpp"

namespace bareme::scoring {
namespace {

constexpr size_t kChunk = 1 << 16;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string format_of(const std::string& explicit_format, const std::string& path) {
  if (!explicit_format.empty()) return explicit_format;
  return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ? "jsonl" : "csv";
}

class RowWriter {
 public:
  RowWriter(std::ostream* out, bool jsonl, const ir::Program& p, ir::Index scheme) : out_(out), jsonl_(jsonl), p_(p), s_(scheme) {
    for (const auto& c : p.combines) {
      if (c.module != p.schemes[scheme].module) continue;
      for (const auto& a : c.aids) aids_.push_back(c.name + "." + a.name);
    }
    if (out_ && !jsonl_) {
      *out_ << "row,eligible,amount,failed,error";
      for (const auto& a : aids_) *out_ << ',' << csv_field(a + " before") << ',' << csv_field(a + " after");
      *out_ << '\n';
    }
  }

  void error_row(const InputRow& row) {
    if (!out_) return;
    const std::string message = row.column.empty() ? row.error : row.column + ": " + row.error;
    if (jsonl_) {
      *out_ << fmt::format("{{\"row\": {}, \"error\": {}, \"column\": {}}}\n", row.number, report::json_escape(row.error),
                           report::json_escape(row.column));
    } else {
      *out_ << row.number << ",,,," << csv_field(message) << std::string(aids_.size() * 2, ',') << '\n';
    }
  }

  void result_row(size_t number, const engine::RowResult& r) {
    if (!out_) return;
    const auto& conditions = p_.schemes[s_].conditions;
    std::string failed;
    for (size_t k = 0; k < conditions.size() && k < 64; ++k) {
      if (!r.error && (r.failed & (uint64_t{1} << k))) failed += (failed.empty() ? "" : "|") + conditions[k].name;
    }
    const std::string error = r.error ? std::string(runtime::error_name(static_cast<runtime::ErrorCode>(r.error))) : "";
    if (jsonl_) {
      std::string aids;
      for (size_t a = 0; a < r.aid_before.size() && a < aids_.size(); ++a) {
        aids += fmt::format("{}{}: {{\"before\": {}, \"after\": {}}}", a ? ", " : "", report::json_escape(aids_[a]),
                            runtime::format_scaled(r.aid_before[a], 2, 2), runtime::format_scaled(r.aid_after[a], 2, 2));
      }
      *out_ << (r.error ? fmt::format("{{\"row\": {}, \"error\": \"{}\"}}\n", number, error)
                        : fmt::format("{{\"row\": {}, \"eligible\": {}, \"amount\": {}, \"failed\": {}, \"aids\": {{{}}}}}\n",
                                      number, r.eligible ? "true" : "false", runtime::format_scaled(r.amount, 2, 2),
                                      report::json_escape(failed), aids));
      return;
    }
    if (r.error) {
      *out_ << number << ",,,," << error << std::string(aids_.size() * 2, ',') << '\n';
      return;
    }
    *out_ << number << ',' << (r.eligible ? "true" : "false") << ',' << runtime::format_scaled(r.amount, 2, 2) << ','
          << csv_field(failed) << ',';
    for (size_t a = 0; a < r.aid_before.size() && a < aids_.size(); ++a) {
      *out_ << ',' << runtime::format_scaled(r.aid_before[a], 2, 2) << ',' << runtime::format_scaled(r.aid_after[a], 2, 2);
    }
    *out_ << '\n';
  }

 private:
  std::ostream* out_;
  bool jsonl_;
  const ir::Program& p_;
  ir::Index s_;
  std::vector<std::string> aids_;
};

std::vector<engine::RowResult> evaluate(const ir::Program& program, ir::Index scheme, const ScoreOptions& o,
                                        std::vector<interp::Application>& apps, std::string& problem) {
  if (!o.use_jit) {
    std::vector<engine::RowResult> rows(apps.size());
    const unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (size_t r = next++; r < apps.size(); r = next++) {
          if (o.as_of) apps[r].as_of = o.as_of;
          apps[r].param_overrides = o.param_overrides;
          rows[r] = engine::interpreter_row(program, scheme, apps[r]);
        }
      });
    }
    for (auto& t : pool) t.join();
    return rows;
  }
  engine::Batch batch(program);
  for (const auto& a : apps) batch.append(a);
  batch.set_as_of(o.as_of);
  jit::CompileOptions options;
  options.all_inputs_present = batch.all_present();
  options.param_overrides = o.param_overrides;
  auto compiled = jit::compile(program, scheme, options);
  if (auto* why = std::get_if<std::string>(&compiled)) {
    problem = *why;
    return {};
  }
  const auto& fn = std::get<std::shared_ptr<const jit::CompiledScheme>>(compiled);
  return engine::run_compiled(fn->function, fn->aid_count, batch, o.threads);
}

}  // namespace

int score(const ir::Program& program, ir::Index scheme, const ScoreOptions& o) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (o.input != "-") {
    file.open(o.input, std::ios::binary);
    if (!file) {
      std::cerr << fmt::format("bareme score: cannot read `{}`\n", o.input);
      return 2;
    }
    in = &file;
  }
  std::string problem;
  const bool jsonl = format_of(o.input_format, o.input) == "jsonl";
  auto source = jsonl ? jsonl_rows(program, *in) : csv_rows(program, *in, problem);
  if (!source) {
    std::cerr << "bareme score: " << problem << '\n';
    return 2;
  }
  std::ofstream out_file;
  std::ostream* out = nullptr;
  if (o.output == "-") {
    out = &std::cout;
  } else if (!o.output.empty()) {
    out_file.open(o.output, std::ios::binary);
    if (!out_file) {
      std::cerr << fmt::format("bareme score: cannot write `{}`\n", o.output);
      return 2;
    }
    out = &out_file;
  }
  RowWriter writer(out, format_of(o.output_format, o.output == "-" ? "" : o.output) == "jsonl", program, scheme);
  Summary summary(program, scheme);
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  int status = 0;
  bool more = true;
  while (more && status == 0) {
    // One chunk: rows in order, the good ones evaluated together.
    std::vector<InputRow> chunk;
    std::vector<interp::Application> apps;
    InputRow row;
    while (chunk.size() < kChunk && (more = source->next(row))) {
      if (row.app) apps.push_back(std::move(*row.app));
      row.app.reset();
      chunk.push_back(std::move(row));
    }
    const bool had_apps = !apps.empty();
    auto results = evaluate(program, scheme, o, apps, problem);
    if (had_apps && results.empty()) {
      std::cerr << "bareme score: " << problem << '\n';
      return 2;
    }
    size_t next_result = 0;
    for (const auto& r : chunk) {
      if (!r.error.empty()) {
        writer.error_row(r);
        summary.add_input_error();
        if (summary.errors() > o.max_errors) {
          std::cerr << fmt::format("bareme score: stopped at row {}: more than {} errors (--max-errors)\n", r.number, o.max_errors);
          status = 1;
          break;
        }
        continue;
      }
      writer.result_row(r.number, results[next_result]);
      summary.add(results[next_result++]);
      if (summary.errors() > o.max_errors) {
        std::cerr << fmt::format("bareme score: stopped at row {}: more than {} errors (--max-errors)\n", r.number, o.max_errors);
        status = 1;
        break;
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (o.progress && now - last_report > std::chrono::seconds(1)) {
      last_report = now;
      const double seconds = std::chrono::duration<double>(now - started).count();
      std::cerr << fmt::format("\r{} rows, {:.0f} rows/s", summary.rows(), static_cast<double>(summary.rows()) / seconds)
                << std::flush;
    }
  }
  if (o.progress) std::cerr << "\r\x1b[K";
  if (out) out->flush();
  std::cerr << summary.text();
  if (!o.summary_path.empty()) {
    std::ofstream s(o.summary_path, std::ios::binary);
    if (!s) {
      std::cerr << fmt::format("bareme score: cannot write `{}`\n", o.summary_path);
      return 2;
    }
    s << summary.json();
  }
  return status;
}

}  // namespace bareme::scoring
