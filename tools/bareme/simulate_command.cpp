// `bareme simulate FILE --count N`: a hypothetical population scored by the JIT, with a reform
// (`--set param=value`) evaluated beside the baseline on the same applications.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "engine/fuzz.hpp"
#include "inputs/application.hpp"
#include "jit/jit.hpp"
#include "loading.hpp"
#include "scoring/csv.hpp"
#include "scoring/summary.hpp"

namespace bareme::tools {
namespace {

struct SimulateOptions {
  std::string file, write;
  size_t count = 1'000'000;
  uint64_t seed = 1;
  unsigned threads = 0;
  std::vector<std::string> reforms, library_paths;
  std::string summary_path;
};

// A value as a CSV cell that `bareme score` reads back.
std::string cell(const ir::Program& p, ir::Type t, const runtime::Value& v);

std::string json_of(const ir::Program& p, ir::Type t, const runtime::Value& v) {
  if (t.is(ir::TypeKind::Int) || t.is(ir::TypeKind::Decimal) || t.is(ir::TypeKind::Money) || t.is(ir::TypeKind::Bool)) {
    return cell(p, t, v);
  }
  if (t.is(ir::TypeKind::List)) {
    std::string out = "[";
    const auto& rec = p.records[t.ref];
    for (size_t i = 0; i < v.elements().size(); ++i) {
      out += i ? ", {" : "{";
      for (size_t f = 0; f < rec.fields.size(); ++f) {
        out += fmt::format("{}\"{}\": {}", f ? ", " : "", rec.fields[f].name, json_of(p, rec.fields[f].type, v.elements()[i].elements()[f]));
      }
      out += "}";
    }
    return out + "]";
  }
  return "\"" + cell(p, t, v) + "\"";
}

std::string cell(const ir::Program& p, ir::Type t, const runtime::Value& v) {
  switch (t.kind) {
    case ir::TypeKind::Money: return runtime::format_scaled(v.scalar, 2, 2);
    case ir::TypeKind::Decimal: return runtime::format_decimal(v.scalar);
    case ir::TypeKind::Bool: return v.scalar ? "true" : "false";
    case ir::TypeKind::List: return json_of(p, t, v);
    default: return interp::format_value(p, t, v);
  }
}

int run(const SimulateOptions& o) {
  auto loaded = load_scheme(o.file, o.library_paths, "simulate");
  if (!loaded) return 2;
  const auto& program = *loaded->compilation->program;
  const ir::Index scheme = loaded->scheme;
  // The reform: parameters overridden with values typed like the parameters.
  std::vector<std::optional<runtime::Value>> overrides(program.params.size());
  for (const auto& assignment : o.reforms) {
    const auto eq = assignment.find('=');
    const std::string name = assignment.substr(0, eq);
    size_t p = 0;
    while (p < program.params.size() && program.params[p].name != name) ++p;
    if (eq == std::string::npos || p == program.params.size()) {
      std::cerr << fmt::format("bareme simulate: --set takes param=value for a parameter of the scheme, not `{}`\n", assignment);
      return 2;
    }
    std::vector<inputs::InputError> errors;
    overrides[p] = inputs::read_value(program, program.params[p].type, inputs::json_from_argument(assignment.substr(eq + 1)),
                                      name, errors);
    if (!errors.empty()) {
      std::cerr << fmt::format("bareme simulate: --set {}: {}\n", name, errors.front().message);
      return 2;
    }
  }
  const bool reform = !o.reforms.empty();
  auto compile = [&](std::vector<std::optional<runtime::Value>> values) {
    jit::CompileOptions options;
    options.all_inputs_present = true;
    options.param_overrides = std::move(values);
    return jit::compile(program, scheme, options);
  };
  auto base = compile({});
  auto changed = compile(overrides);
  for (auto* c : {&base, &changed}) {
    if (auto* why = std::get_if<std::string>(c)) {
      std::cerr << fmt::format("bareme simulate: {}: {}\n", o.file, *why);
      return 2;
    }
  }
  std::ofstream written;
  if (!o.write.empty()) {
    written.open(o.write, std::ios::binary);
    std::string header;
    for (const auto& in : program.inputs) header += (header.empty() ? "" : ",") + scoring::csv_field(in.name);
    written << header << '\n';
  }
  scoring::Summary baseline(program, scheme), reformed(program, scheme);
  scoring::ReformDiff diff;
  const size_t chunk = 1 << 16;
  for (size_t done = 0, part = 0; done < o.count; done += chunk, ++part) {
    const auto apps = engine::random_applications(program, std::min(chunk, o.count - done), o.seed * 1'000'003 + part, true);
    engine::Batch batch(program);
    for (const auto& a : apps) batch.append(a);
    const auto& b = *std::get<0>(base);
    const auto rows = engine::run_compiled(b.function, b.aid_count, batch, o.threads);
    for (const auto& r : rows) baseline.add(r);
    if (reform) {
      const auto& c = *std::get<0>(changed);
      const auto other = engine::run_compiled(c.function, c.aid_count, batch, o.threads);
      for (size_t r = 0; r < rows.size(); ++r) {
        reformed.add(other[r]);
        diff.add(rows[r], other[r]);
      }
    }
    if (written) {
      for (const auto& a : apps) {
        std::string line;
        for (size_t i = 0; i < program.inputs.size(); ++i) {
          line += (i ? "," : "") + (a.inputs[i] ? scoring::csv_field(cell(program, program.inputs[i].type, *a.inputs[i])) : "");
        }
        written << line << '\n';
      }
    }
  }
  std::cout << (reform ? "baseline " : "") << baseline.text();
  if (reform) std::cout << "reform " << reformed.text() << diff.text();
  if (!o.summary_path.empty()) std::ofstream(o.summary_path, std::ios::binary) << baseline.json();
  return 0;
}

}  // namespace

std::function<int()> add_simulate_command(CLI::App& app) {
  auto o = std::make_shared<SimulateOptions>();
  auto* cmd = app.add_subcommand("simulate", "Score a hypothetical population with the JIT; compare a reform.");
  cmd->add_option("file", o->file, "The scheme file")->required();
  cmd->add_option("-n,--count", o->count, "How many applications (default 1 000 000)")->check(CLI::Range(size_t{1}, size_t{1'000'000'000}));
  cmd->add_option("--seed", o->seed, "The random seed (the same seed gives the same population)");
  cmd->add_option("-s,--set", o->reforms, "A reform: param=value (repeatable), evaluated beside the baseline");
  cmd->add_option("--write", o->write, "Also write the generated applications to this CSV file");
  cmd->add_option("--threads", o->threads, "Threads (default: every core)");
  cmd->add_option("--summary", o->summary_path, "Also write the baseline summary as JSON to this file");
  cmd->add_option("-L,--lib", o->library_paths, "A folder searched for imports (repeatable)");
  cmd->footer("Each input takes the constants the scheme compares it with (and their neighbours) or values of its type,\n"
              "so that every threshold and table bound is exercised.");
  return [o] { return run(*o); };
}

}  // namespace bareme::tools
