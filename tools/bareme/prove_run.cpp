// Proving the properties of a compiled scheme and printing the verdicts: `bareme prove` and the
// REPL's `:prove` (prove_run.hpp).
#include "prove_run.hpp"

#include <fmt/format.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "inputs/json.hpp"
#include "prove/prove.hpp"
#include "prove_confirm.hpp"
#include "prove_periods.hpp"
#include "prove_sample.hpp"
#include "prove_targets.hpp"
#include "prove_write_test.hpp"
#include "report/results.hpp"
#include "runtime/values.hpp"

namespace bareme::tools {
namespace {

// The CPU time of the process so far: what a proof costs on a machine others share.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string json_quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s)
    out += (c == '"' || c == '\\') ? std::string("\\") + c : c == '\n' ? "\\n" : std::string(1, c);
  return out + "\"";
}

}  // namespace

int prove_loaded(const ProveOptions& o, driver::Compilation& compilation, ir::Index scheme,
                 const std::string& folder_file, std::ostream& out, std::ostream& err) {
  const bool from_folder = !folder_file.empty();
  const std::string& file = folder_file;
  ir::Program& program = *compilation.program;
  prove::Options options;
  options.timeout_ms = static_cast<unsigned>(o.timeout * 1000);
  options.list_bound = o.list_bound;
  if (!o.as_of.empty()) {
    options.as_of = runtime::parse_date(o.as_of);
    if (!options.as_of) {
      err << fmt::format("bareme prove: --as-of `{}` is not a date YYYY-MM-DD\n", o.as_of);
      return 2;
    }
  }
  // Each property or rule, checked first, then read by an output of the scheme so that the JIT
  // computes it.
  std::vector<ProveTarget> targets;
  if (!select_prove_targets(program, scheme, o.rules, o.properties, targets, err)) return 2;
  if (targets.empty()) {
    if (from_folder) return 0;
    err << fmt::format(
        "bareme prove: scheme `{}` declares no property (`property NAME \"…\": EXPR`); name a "
        "Bool rule with --rule\n",
        program.schemes[scheme].name);
    return 2;
  }
  if (from_folder && !o.json) out << fmt::format("{}:\n", file);
  int status = 0;
  std::vector<SampleResult> samples;
  if (o.sample > 0)
    samples =
        sample_targets(program, scheme, targets, o.sample, o.seed, options.as_of, o.list_bound);
  std::string json = "[";
  // Each target (and with --errors its evaluation without error), at the --as-of date or, with
  // --all-periods, at each period of the dated parameters it reads.
  struct Job {
    const ProveTarget* target;
    bool errors;
    std::optional<runtime::Days> as_of;
    std::string period;
  };
  std::vector<Job> jobs;
  for (const auto& t : targets) {
    std::vector<std::pair<std::optional<runtime::Days>, std::string>> dates{{options.as_of, ""}};
    if (o.all_periods) {
      std::vector<const ir::Expr*> read{program.schemes[scheme].outputs[t.output].value.get()};
      read.insert(read.end(), t.preconditions.begin(), t.preconditions.end());
      const auto periods = prove_periods(program, read);
      if (periods.empty()) dates.front().second = " at every date (it reads no dated parameter)";
      if (!periods.empty()) dates.clear();
      for (const auto& period : periods) {
        std::string none;
        for (const auto& n : period.no_value) none += (none.empty() ? "" : ", ") + n;
        dates.emplace_back(
            period.as_of,
            fmt::format(" {}{}", period.label, none.empty() ? "" : " (no value: " + none + ")"));
      }
    }
    for (const auto& [as_of, period] : dates) {
      jobs.push_back({&t, false, as_of, period});
      if (o.errors) jobs.push_back({&t, true, as_of, period});
    }
  }
  for (const auto& [target, errors, as_of, period] : jobs) {
    options.errors = errors;
    options.as_of = as_of;
    const std::string& name = target->name;
    const size_t output = target->output;
    const ir::Expr& test = *program.schemes[scheme].outputs[output].value;
    const double cpu_start = cpu_seconds();
    const prove::Verdict v = prove::check(program, scheme, test, target->preconditions, options);
    const double cpu = cpu_seconds() - cpu_start;
    std::string head = prove::kind_name(v.kind);
    if (v.kind == prove::Kind::Proved && v.list_bound)
      head += fmt::format(" with lists bounded at {}", *v.list_bound);
    std::string detail;
    bool internal = false;
    Confirmation c;
    std::string violating, written;  // written: the file a test block went to
    if (v.kind == prove::Kind::Unknown) {
      const std::string where = report::location(compilation.sources, v.span);
      detail = fmt::format("{}: {}{}", prove::reason_name(v.reason), v.detail,
                           where.empty() ? "" : " (" + where + ")");
    } else if (v.kind == prove::Kind::Counterexample) {
      const auto parsed = inputs::parse_json(v.situation);
      auto read = std::holds_alternative<inputs::Json>(parsed)
                      ? inputs::read_application(program, std::get<inputs::Json>(parsed), false)
                      : inputs::ReadApplication{};
      internal = !std::holds_alternative<inputs::Json>(parsed) || !read.errors.empty();
      if (!internal) {
        read.app.as_of = options.as_of;
        c = confirm(program, scheme, test, target->preconditions, output, read.app, errors);
        internal = !c.agree;
        if (!internal) violating = violating_values(compilation, program, scheme, test, read.app);
        if (!internal && o.write_test && !errors) {
          const auto& src = compilation.sources.file(test.span.file);
          const std::string expect = target->kind == "rule"
                                         ? name
                                         : std::string(src.slice(test.span.begin, test.span.end));
          const auto path = append_counterexample_test(program, compilation.sources, scheme,
                                                       {name, expect, &read.app, options.as_of});
          if (!path) status = std::max(status, 2);
          written = path ? *path : "";
        }
      }
      if (internal) {
        const std::string path = fmt::format("bareme-prove-{}-{}.json", name, getpid());
        std::ofstream(path) << v.situation << "\n";
        err << fmt::format(
            "bareme prove: internal error: the solver's counterexample for `{}` is not confirmed "
            "(interpreter: {}, "
            "JIT: {}); the situation is saved in {}\n",
            name, c.interp.empty() ? "not run" : c.interp, c.jit.empty() ? "not run" : c.jit, path);
        status = std::max(status, 3);
      }
    }
    if (v.kind != prove::Kind::Proved) status = std::max(status, 1);
    const SampleResult* sample = samples.empty() || errors
                                     ? nullptr
                                     : &samples[static_cast<size_t>(target - targets.data())];
    // A proved property that a row violates, or engines that differ: a bug, never a result.
    const bool inconsistent = sample && v.kind == prove::Kind::Proved && sample->violations > 0;
    if (inconsistent)
      err << fmt::format(
          "bareme prove: internal error: `{}` is proved but {} of {} sampled rows violate it; "
          "first: {}\n",
          name, sample->violations, sample->rows, sample->violation);
    if (sample && sample->disagreements > 0)
      err << fmt::format(
          "bareme prove: the interpreter and the JIT differ on {} of {} sampled rows (seed {})\n",
          sample->disagreements, sample->rows, o.seed);
    if (inconsistent || (sample && sample->disagreements > 0)) status = std::max(status, 3);
    internal = internal || inconsistent;
    if (o.json) {
      json += fmt::format("{}\n  {{{}\"{}\": {}, \"check\": \"{}\", \"verdict\": {}",
                          json.size() > 1 ? "," : "",
                          from_folder ? "\"file\": " + json_quoted(file) + ", " : "", target->kind,
                          json_quoted(name), errors ? "no error" : "holds",
                          json_quoted(internal ? "internal error" : prove::kind_name(v.kind)));
      if (as_of) json += fmt::format(", \"as_of\": \"{}\"", runtime::format_date(*as_of));
      if (!period.empty()) json += fmt::format(", \"period\": {}", json_quoted(period.substr(1)));
    }
    if (!o.json) {
      out << fmt::format("{} `{}`{}{}: {}{}\n", target->kind, name, period,
                         errors ? " evaluates without error" : "",
                         internal ? "internal error" : head, detail.empty() ? "" : ": " + detail);
      if (o.time)
        out << fmt::format("  time: {:.3f} s, {:.3f} s CPU (encoding and solving)\n", v.seconds,
                           cpu);
      if (!target->sentence.empty())
        out << fmt::format("  \"{}\"{}\n", target->sentence,
                           target->citation.empty() ? "" : " § \"" + target->citation + "\"");
      if (v.kind == prove::Kind::Counterexample && !internal) {
        // The date the counterexample holds on (--as-of, or a period of --all-periods): `bareme
        // eval` needs it too, since the situation's own date input may be another.
        out << fmt::format("  situation (bareme eval{} --input):\n",
                           as_of ? " --as-of " + runtime::format_date(*as_of) : "");
        std::string indented = "  " + v.situation;
        for (size_t k = 0; (k = indented.find('\n', k)) != std::string::npos; k += 3)
          indented.insert(k + 1, "  ");
        out << indented << "\n";
        out << fmt::format("  interpreter: `{}` is {}; JIT: {}\n", name, c.interp, c.jit);
        if (!violating.empty()) out << fmt::format("  where {}\n", violating);
        if (!written.empty()) out << fmt::format("  test block appended to {}\n", written);
      }
      if (sample) out << sample_text(*sample, o.seed);
    } else {
      if (v.list_bound) json += fmt::format(", \"list_bound\": {}", *v.list_bound);
      if (v.kind == prove::Kind::Unknown)
        json += fmt::format(", \"reason\": {}, \"detail\": {}, \"location\": {}",
                            json_quoted(prove::reason_name(v.reason)), json_quoted(v.detail),
                            json_quoted(report::location(compilation.sources, v.span)));
      if (v.kind == prove::Kind::Counterexample)
        json += fmt::format(", \"situation\": {}, \"interpreter\": {}, \"jit\": {}, \"where\": {}",
                            v.situation, json_quoted(c.interp), json_quoted(c.jit),
                            json_quoted(violating));
      if (!written.empty()) json += fmt::format(", \"test_written_to\": {}", json_quoted(written));
      if (sample) json += ", \"sample\": " + sample_json(*sample, o.seed);
      if (o.time)
        json += fmt::format(", \"seconds\": {:.3f}, \"cpu_seconds\": {:.3f}", v.seconds, cpu);
      json += "}";
    }
  }
  if (o.json) out << json << "\n]\n";
  return status == 3 ? 1 : status;
}

}  // namespace bareme::tools
