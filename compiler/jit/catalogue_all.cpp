// compile_all: a catalogue's schemes and levels as one function, each computed once per row.
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>

#include "jit/cache.hpp"
#include "jit/host.hpp"
#include "jit/jit.hpp"
#include "jit/lowering.hpp"

namespace bareme::jit {
namespace {

CompiledCache<std::variant<std::shared_ptr<const CompiledAll>, Refusal>>& all_cache() {
  static CompiledCache<std::variant<std::shared_ptr<const CompiledAll>, Refusal>> cache(
      kCachedUnusedCatalogues);
  return cache;
}

int64_t since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t).count();
}

std::variant<std::shared_ptr<const CompiledAll>, Refusal> build(const ir::Program& program,
                                                                const CompileOptions& options) {
  for (const auto& s : program.schemes) {
    if (s.as_of_input) return Refusal{"scheme " + s.name + " has an evaluation date of its own", {}};
  }
  const auto started = std::chrono::steady_clock::now();
  llvm::TargetMachine* machine = host().machine.get();
  // The fast code generator, as for compile_catalogue: the function is one long row body.
  llvm::orc::LLJIT* jit = host().fast_jit.get();
  if (machine == nullptr || jit == nullptr) return Refusal{host().failure, {}};
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("bareme.all", *context);
  module->setDataLayout(machine->createDataLayout());
  module->setTargetTriple(machine->getTargetTriple().str());
  Lowerer lowerer(*context, *module, program, options.param_overrides, options.all_inputs_present);
  if (auto unsupported = lowerer.lower_all_function("bareme_all"))
    return Refusal{"the JIT cannot compile " + unsupported->what, unsupported->span};
  std::string broken;
  llvm::raw_string_ostream report(broken);
  if (llvm::verifyModule(*module, &report))
    return Refusal{"internal error: the lowered module is invalid: " + broken, {}};
  auto out = std::make_shared<CompiledAll>();
  out->lower_microseconds = since(started);
  if (options.opt_level > 0) optimise(*module, *machine, kOptimiseAllAtMost, /*clean_up_only=*/true);
  out->optimise_microseconds = since(started) - out->lower_microseconds;
  out->instructions = module->getFunction("bareme_all")->getInstructionCount();
  widen_narrow_selects(*module);
  split_long_blocks(*module);
  auto dylib = new_dylib(*jit);
  if (auto* refusal = std::get_if<Refusal>(&dylib)) return *refusal;
  out->code = std::get<std::shared_ptr<Library>>(dylib);
  llvm::orc::JITDylib& library = std::get<std::shared_ptr<Library>>(dylib)->dylib;
  if (auto e = jit->addIRModule(library, llvm::orc::ThreadSafeModule(std::move(module), std::move(context))))
    return Refusal{to_string(std::move(e)), {}};
  auto symbol = jit->lookup(library, "bareme_all");
  if (!symbol) return Refusal{to_string(symbol.takeError()), {}};
  out->function = symbol->toPtr<runtime::CatalogueFunction>();
  out->compile_microseconds = since(started);
  return std::shared_ptr<const CompiledAll>(out);
}

}  // namespace

std::variant<std::shared_ptr<const CompiledAll>, Refusal> compile_all(const ir::Program& program,
                                                                      const CompileOptions& options) {
  std::lock_guard lock(jit_mutex());
  const std::string suffix = cache_suffix("all", options);
  if (options.use_cache) {
    if (auto hit = all_cache().find(program, suffix)) return *hit;
  }
  auto out = std::make_shared<std::variant<std::shared_ptr<const CompiledAll>, Refusal>>(build(program, options));
  if (options.use_cache) all_cache().store(program, suffix, out);
  return *out;
}

}  // namespace bareme::jit
