// The C++ API over the driver, inputs, engine and JIT phases.
#include <fmt/format.h>

#include <atomic>
#include <thread>

#include "bareme/bareme.hpp"
#include "diag/render.hpp"
#include "driver/compile.hpp"
#include "engine/batch.hpp"
#include "inputs/application.hpp"
#include "jit/jit.hpp"

namespace bareme {

struct Scheme::Impl {
  std::unique_ptr<driver::Compilation> compilation;
  ir::Index scheme = 0;
  const ir::Program& program() const { return *compilation->program; }
};

struct Batch::Impl {
  std::shared_ptr<Scheme::Impl> scheme;
  std::vector<interp::Application> applications;
  std::unique_ptr<engine::Batch> columns;
  std::string jit_refusal;  // why the last JIT evaluation fell back to the interpreter
};

Scheme::Scheme(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Scheme::Scheme(Scheme&&) noexcept = default;
Scheme& Scheme::operator=(Scheme&&) noexcept = default;
Scheme::~Scheme() = default;
Batch::Batch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Batch::Batch(Batch&&) noexcept = default;
Batch::~Batch() = default;

std::variant<Scheme, std::vector<Problem>> Scheme::load(const std::string& path) {
  auto c = driver::compile_file(path);
  std::vector<Problem> problems;
  for (const auto& d : c->sink.diagnostics()) {
    if (d.severity != diag::Severity::Error) continue;
    std::string where;
    if (d.span.valid()) {
      const auto& f = c->sources.file(d.span.file);
      const auto loc = f.locate(d.span.begin);
      where = fmt::format("{}:{}:{}", f.path(), loc.line, loc.column);
    }
    problems.push_back(Problem{where, fmt::format("error[{}]: {}", diag::id_name(d.id), d.message)});
  }
  if (!problems.empty() || !c->ok()) return problems;
  const auto root = static_cast<ir::Index>(c->program->modules.size() - 1);
  for (ir::Index s = 0; s < c->program->schemes.size(); ++s) {
    if (c->program->schemes[s].module == root) {
      auto impl = std::make_unique<Impl>();
      impl->compilation = std::move(c);
      impl->scheme = s;
      return Scheme(std::move(impl));
    }
  }
  return std::vector<Problem>{{path, "a module, not a scheme: there is nothing to evaluate"}};
}

const std::string& Scheme::name() const { return impl_->program().schemes[impl_->scheme].name; }

std::vector<std::string> Scheme::inputs() const {
  std::vector<std::string> names;
  for (const auto& in : impl_->program().inputs) names.push_back(in.name);
  return names;
}

Batch Scheme::batch() const {
  auto impl = std::make_unique<Batch::Impl>();
  impl->scheme = impl_;
  impl->columns = std::make_unique<engine::Batch>(impl_->program());
  return Batch(std::move(impl));
}

std::vector<Problem> Batch::add(const std::map<std::string, std::string>& application) {
  inputs::Json document{inputs::Json::Kind::Object};
  for (const auto& [name, value] : application) document.members.emplace_back(name, inputs::json_from_argument(value));
  auto read = inputs::read_application(impl_->scheme->program(), document, true);
  std::vector<Problem> problems;
  for (const auto& e : read.errors) problems.push_back(Problem{e.path, e.message});
  if (problems.empty()) {
    impl_->columns->append(read.app);
    impl_->applications.push_back(std::move(read.app));
  }
  return problems;
}

size_t Batch::size() const { return impl_->applications.size(); }

const std::string& Batch::jit_fallback() const { return impl_->jit_refusal; }

std::variant<std::vector<Result>, std::string> Batch::evaluate(Engine engine_choice, unsigned threads) {
  const auto& program = impl_->scheme->program();
  const ir::Index scheme = impl_->scheme->scheme;
  const size_t n = impl_->applications.size();
  std::vector<engine::RowResult> rows(n);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  impl_->jit_refusal.clear();
  if (engine_choice == Engine::Jit) {
    jit::CompileOptions options;
    options.all_inputs_present = impl_->columns->all_present();
    // A small batch is not worth an optimising compile.
    options.opt_level = n < 100'000 ? 0 : 2;
    auto compiled = jit::compile(program, scheme, options);
    if (auto* fn = std::get_if<std::shared_ptr<const jit::CompiledScheme>>(&compiled)) {
      impl_->columns->set_as_of(std::nullopt);
      rows = engine::run_compiled((*fn)->function, engine::output_shape(program, scheme),
                                  *impl_->columns, threads);
    } else {
      // The JIT refused the scheme: the interpreter gives the same results, more slowly.
      impl_->jit_refusal = std::get<jit::Refusal>(compiled).message;
      engine_choice = Engine::Interpreter;
    }
  }
  if (engine_choice == Engine::Interpreter) {
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (size_t r = next++; r < n; r = next++) rows[r] = engine::interpreter_row(program, scheme, impl_->applications[r]);
      });
    }
    for (auto& t : pool) t.join();
  }
  std::vector<std::string> aid_names;
  for (const auto& c : program.combines) {
    if (c.module != program.schemes[scheme].module) continue;
    for (const auto& a : c.aids) aid_names.push_back(c.name + "." + a.name);
  }
  std::vector<Result> results(n);
  for (size_t r = 0; r < n; ++r) {
    const auto& row = rows[r];
    Result& out = results[r];
    if (row.error) {
      out.error = std::string(runtime::error_name(static_cast<runtime::ErrorCode>(row.error)));
      continue;
    }
    out.eligible = row.eligible;
    out.amount_cents = row.amount;
    const auto& s = program.schemes[scheme];
    for (size_t k = 0; k < engine::refusal_slots(s); ++k) {
      if (engine::condition_failed(row.failed.data(), k))
        out.failed_conditions.push_back(engine::refusal_name(s, k));
    }
    for (size_t a = 0; a < row.aid_after.size() && a < aid_names.size(); ++a) {
      out.aids_after_caps.emplace_back(aid_names[a], row.aid_after[a]);
    }
  }
  return results;
}

}  // namespace bareme
