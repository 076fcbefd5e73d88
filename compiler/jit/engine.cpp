// ORC LLJIT for the host CPU: lowering, optimisation, helper symbols and a cache of compiled code.
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <chrono>
#include <map>
#include <mutex>

#include "ir/dump.hpp"
#include "jit/jit.hpp"
#include "jit/lowering.hpp"
#include "runtime/jit_helpers.hpp"

namespace bareme::jit {
namespace {

class JitCompiledScheme : public CompiledScheme {};

// Sets one of LLVM's boolean command-line options, when this LLVM build has it.
void set_llvm_flag(llvm::StringRef name, bool value) {
  auto& options = llvm::cl::getRegisteredOptions();
  if (auto it = options.find(name); it != options.end()) {
    if (auto* flag = dynamic_cast<llvm::cl::opt<bool>*>(it->second)) flag->setValue(value);
  }
}

void initialise_llvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    // x86's cmov converter turns selects in loops back into branches when it guesses the
    // branch predictable; on application data (a rounding remainder, a table row) it is not,
    // and the mispredictions cost a third of a rate-table scheme's throughput.
    set_llvm_flag("x86-cmov-converter", false);
  });
}

std::string to_string(llvm::Error e) {
  std::string out;
  llvm::handleAllErrors(std::move(e),
                        [&](const llvm::ErrorInfoBase& info) { out += info.message(); });
  return out;
}

struct Lowered {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
};

std::mutex& mutex() {
  static std::mutex m;
  return m;
}

// The host's target machine and one JIT for the process (each compiled scheme lives in a
// JITDylib of its own), made once: describing the CPU is slow. Used under `mutex()`.
struct Host {
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::orc::LLJIT> jit;  // full code generation
  std::unique_ptr<llvm::orc::LLJIT>
      fast_jit;  // fast instruction selection, no machine optimisation
  std::string failure;
};

const Host& host() {
  static Host h;
  static std::once_flag once;
  std::call_once(once, [] {
    initialise_llvm();
    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder) {
      h.failure = to_string(builder.takeError());
      return;
    }
    auto machine = builder->createTargetMachine();
    if (!machine) {
      h.failure = to_string(machine.takeError());
      return;
    }
    h.machine = std::move(*machine);
    auto fast_builder = *builder;
    fast_builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::None);
    auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
    auto fast_jit =
        llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(fast_builder)).create();
    if (!jit || !fast_jit) {
      h.failure = !jit ? to_string(jit.takeError()) : to_string(fast_jit.takeError());
      if (jit) llvm::consumeError(fast_jit.takeError());
      return;
    }
    h.jit = std::move(*jit);
    h.fast_jit = std::move(*fast_jit);
  });
  return h;
}

// Lowers and optimises; a refusal when the scheme is not supported or LLVM refuses it.
std::variant<Lowered, Refusal> lower(const ir::Program& program, ir::Index scheme,
                                         const CompileOptions& options) {
  llvm::TargetMachine* machine = host().machine.get();
  if (machine == nullptr) return Refusal{host().failure, {}};
  Lowered out;
  out.context = std::make_unique<llvm::LLVMContext>();
  out.module =
      std::make_unique<llvm::Module>("bareme." + program.schemes[scheme].name, *out.context);
  out.module->setDataLayout(machine->createDataLayout());
  out.module->setTargetTriple(machine->getTargetTriple().str());
  Lowerer lowerer(*out.context, *out.module, program, options.param_overrides,
                  options.all_inputs_present);
  if (auto unsupported = lowerer.lower_batch_function(scheme, "bareme_batch"))
    return Refusal{"the JIT cannot compile " + unsupported->what, unsupported->span};
  std::string broken;
  llvm::raw_string_ostream report(broken);
  if (llvm::verifyModule(*out.module, &report))
    return Refusal{"internal error: the lowered module is invalid: " + broken, {}};
  // The optimiser's passes grow faster than linearly on huge functions (a chain of 10 000
  // definitions takes it half a minute): past this size the function is compiled as lowered.
  constexpr size_t kOptimiseAtMost = 40'000;
  size_t instructions = 0;
  for (const auto& f : *out.module) instructions += f.getInstructionCount();
  if (options.opt_level > 0 && instructions <= kOptimiseAtMost) optimise(*out.module, *machine);
  return out;
}

std::string cache_key(const ir::Program& program, ir::Index scheme, const CompileOptions& options) {
  if (!program.dump_for_cache) program.dump_for_cache = std::make_shared<const std::string>(ir::dump(program));
  std::string key = *program.dump_for_cache + "\n#scheme " + std::to_string(scheme) + " O" +
                    std::to_string(options.opt_level) +
                    (options.all_inputs_present ? " dense" : "");
  for (size_t i = 0; i < options.param_overrides.size(); ++i) {
    if (const auto& v = options.param_overrides[i]) {
      key += "\n#override " + std::to_string(i) + " " + std::to_string(v->scalar) + " " +
             std::to_string(v->duration.months) + " " + std::to_string(v->duration.days) + " " +
             (v->text ? *v->text : "");
    }
  }
  return key;
}

}  // namespace

std::variant<std::string, std::string> llvm_ir(const ir::Program& program, ir::Index scheme,
                                               const CompileOptions& options) {
  std::lock_guard lock(mutex());
  auto lowered = lower(program, scheme, options);
  if (auto* error = std::get_if<Refusal>(&lowered))
    return std::variant<std::string, std::string>(std::in_place_index<1>, error->message);
  std::string text;
  llvm::raw_string_ostream os(text);
  std::get<Lowered>(lowered).module->print(os, nullptr);
  return std::variant<std::string, std::string>(std::in_place_index<0>, text);
}

std::variant<std::shared_ptr<const CompiledScheme>, Refusal> compile(
    const ir::Program& program, ir::Index scheme, const CompileOptions& options) {
  static std::map<size_t, std::pair<std::string, std::shared_ptr<const CompiledScheme>>> cache;
  static size_t dylibs = 0;
  std::lock_guard lock(mutex());
  const std::string key = cache_key(program, scheme, options);
  const size_t hash = std::hash<std::string>{}(key);
  auto it = cache.find(hash);
  if (options.use_cache && it != cache.end() && it->second.first == key) return it->second.second;
  const auto started = std::chrono::steady_clock::now();
  auto lowered = lower(program, scheme, options);
  if (auto* error = std::get_if<Refusal>(&lowered)) return *error;
  Lowered& l = std::get<Lowered>(lowered);
  size_t instructions = 0;
  for (const auto& f : *l.module) instructions += f.getInstructionCount();
  const bool fast = options.opt_level == 0 || instructions > kFastSelectionAbove;
  llvm::orc::LLJIT* jit = fast ? host().fast_jit.get() : host().jit.get();
  if (jit == nullptr) return Refusal{host().failure, {}};
  auto dylib = jit->createJITDylib("bareme." + std::to_string(++dylibs));
  if (!dylib) return Refusal{to_string(dylib.takeError()), {}};
  llvm::orc::SymbolMap helpers;
  auto define = [&](const char* name, auto* fn) {
    helpers[jit->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(fn),
                                           llvm::JITSymbolFlags::Exported};
  };
  define("bareme_rt_mul_scaled", &bareme_rt_mul_scaled);
  define("bareme_rt_div_scaled", &bareme_rt_div_scaled);
  define("bareme_rt_round_to_step", &bareme_rt_round_to_step);
  define("bareme_rt_add_duration", &bareme_rt_add_duration);
  define("bareme_rt_months_between", &bareme_rt_months_between);
  define("bareme_rt_civil_part", &bareme_rt_civil_part);
  if (auto e = dylib->define(llvm::orc::absoluteSymbols(std::move(helpers))))
    return Refusal{to_string(std::move(e)), {}};
  widen_narrow_selects(*l.module);  // code generation only: `--dump=llvm` shows the lowering
  if (auto e = jit->addIRModule(
          *dylib, llvm::orc::ThreadSafeModule(std::move(l.module), std::move(l.context)))) {
    return Refusal{to_string(std::move(e)), {}};
  }
  auto symbol = jit->lookup(*dylib, "bareme_batch");
  if (!symbol) return Refusal{to_string(symbol.takeError()), {}};
  auto compiled = std::make_shared<JitCompiledScheme>();
  compiled->function = symbol->toPtr<runtime::BatchFunction>();
  compiled->instructions = instructions;
  compiled->fast_selection = fast;
  for (const auto& c : program.combines) {
    if (c.module == program.schemes[scheme].module) compiled->aid_count += c.aids.size();
  }
  compiled->compile_microseconds = std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count();
  cache[hash] = {key, compiled};
  return std::shared_ptr<const CompiledScheme>(compiled);
}

}  // namespace bareme::jit
