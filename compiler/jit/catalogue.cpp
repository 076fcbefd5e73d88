// Compiling every scheme and level of a program into one LLVM module: one optimisation pipeline,
// one code generation and one JITDylib for a whole catalogue of aids.
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>
#include <optional>

#include "jit/cache.hpp"
#include "jit/host.hpp"
#include "jit/jit.hpp"
#include "jit/lowering.hpp"

namespace bareme::jit {
namespace {

class CatalogueFunction : public CompiledScheme {};

CompiledCache<CompiledCatalogue>& catalogue_cache() {
  static CompiledCache<CompiledCatalogue> cache(kCachedUnusedCatalogues);
  return cache;
}

// One function of the catalogue's module: a scheme's or a level's.
struct Slot {
  Node target;
  std::string symbol;
  std::optional<Refusal> refusal;
  size_t instructions = 0;
};

// Lowers `slot`'s target into `module`; a refused or invalid function is removed from it.
void lower_slot(Slot& slot, llvm::Module& module, const ir::Program& program,
                const CompileOptions& options) {
  Lowerer lowerer(module.getContext(), module, program, options.param_overrides,
                  options.all_inputs_present);
  auto unsupported = lowerer.lower_batch_function(slot.target, slot.symbol);
  llvm::Function* function = lowerer.function();
  if (unsupported) {
    slot.refusal = Refusal{"the JIT cannot compile " + unsupported->what, unsupported->span};
  } else {
    std::string broken;
    llvm::raw_string_ostream report(broken);
    if (llvm::verifyFunction(*function, &report))
      slot.refusal = Refusal{"internal error: the lowered function is invalid: " + broken, {}};
  }
  if (slot.refusal && function != nullptr) {
    function->dropAllReferences();
    function->eraseFromParent();
  }
}

}  // namespace

std::shared_ptr<const CompiledCatalogue> compile_catalogue(const ir::Program& program,
                                                           const CompileOptions& options) {
  std::lock_guard lock(jit_mutex());
  const std::string suffix = cache_suffix("catalogue", options);
  if (options.use_cache) {
    if (auto hit = catalogue_cache().find(program, suffix)) return hit;
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<Slot> slots;
  for (ir::Index s = 0; s < program.schemes.size(); ++s)
    slots.push_back({{NodeKind::Scheme, s}, "bareme_scheme_" + std::to_string(s), std::nullopt});
  for (ir::Index l = 0; l < program.levels.size(); ++l)
    slots.push_back({{NodeKind::Level, l}, "bareme_level_" + std::to_string(l), std::nullopt});
  std::vector<std::shared_ptr<CatalogueFunction>> functions(slots.size());
  // The outcome: each slot's function, or its refusal.
  auto assemble = [&] {
    auto out = std::make_shared<CompiledCatalogue>();
    out->compile_microseconds = std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - started)
                                    .count();
    for (size_t k = 0; k < slots.size(); ++k) {
      auto& entries = slots[k].target.kind == NodeKind::Scheme ? out->schemes : out->levels;
      if (slots[k].refusal || !functions[k]) {
        entries.emplace_back(slots[k].refusal ? *slots[k].refusal : Refusal{"internal error: no function", {}});
        continue;
      }
      functions[k]->compile_microseconds = out->compile_microseconds;
      entries.emplace_back(std::shared_ptr<const CompiledScheme>(functions[k]));
      if (slots[k].target.kind == NodeKind::Scheme && options.use_cache)
        remember_scheme(program, slots[k].target.index, options, functions[k]);
    }
    return out;
  };
  auto refuse_all = [&](const Refusal& refusal) {
    for (Slot& slot : slots) slot.refusal = refusal;
    return assemble();
  };
  llvm::TargetMachine* machine = host().machine.get();
  // The fast code generator: a catalogue's hundreds of small functions cost about 10 ms each
  // through SelectionDAG and the greedy register allocator, about 1.5 ms each through the fast
  // ones, and their throughput on the 400-aid bench stayed within the noise (docs/performance.md).
  // The IR is optimised as usual.
  llvm::orc::LLJIT* jit = host().fast_jit.get();
  if (machine == nullptr || jit == nullptr) return refuse_all(Refusal{host().failure, {}});
  auto context = std::make_unique<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("bareme.catalogue", *context);
  module->setDataLayout(machine->createDataLayout());
  module->setTargetTriple(machine->getTargetTriple().str());
  for (Slot& slot : slots) lower_slot(slot, *module, program, options);
  if (options.opt_level > 0) optimise(*module, *machine);
  for (Slot& slot : slots) {
    if (!slot.refusal) slot.instructions = module->getFunction(slot.symbol)->getInstructionCount();
  }
  widen_narrow_selects(*module);
  split_long_blocks(*module);  // the levels' functions hold every member
  auto dylib = new_dylib(*jit);
  if (auto* refusal = std::get_if<Refusal>(&dylib)) return refuse_all(*refusal);
  const std::shared_ptr<Library>& owner = std::get<std::shared_ptr<Library>>(dylib);
  llvm::orc::JITDylib& library = owner->dylib;
  if (auto e = jit->addIRModule(library, llvm::orc::ThreadSafeModule(std::move(module), std::move(context))))
    return refuse_all(Refusal{to_string(std::move(e)), {}});
  for (size_t k = 0; k < slots.size(); ++k) {
    Slot& slot = slots[k];
    if (slot.refusal) continue;
    auto symbol = jit->lookup(library, slot.symbol);  // the first lookup generates the module's code
    if (!symbol) {
      slot.refusal = Refusal{to_string(symbol.takeError()), {}};
      continue;
    }
    auto compiled = std::make_shared<CatalogueFunction>();
    compiled->function = symbol->toPtr<runtime::BatchFunction>();
    compiled->code = owner;
    compiled->instructions = slot.instructions;
    compiled->fast_selection = true;
    if (slot.target.kind == NodeKind::Scheme) {
      for (const auto& c : program.combines) {
        if (c.module == program.schemes[slot.target.index].module) compiled->aid_count += c.aids.size();
      }
    }
    functions[k] = std::move(compiled);
  }
  auto out = assemble();
  if (options.use_cache) catalogue_cache().store(program, suffix, out);
  return out;
}

}  // namespace bareme::jit
