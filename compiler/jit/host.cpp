// The process's LLVM JITs: target initialisation, the host CPU's target machine, and a fresh
// JITDylib with the runtime helpers for each compilation.
#include "jit/host.hpp"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/TargetSelect.h>

#include <atomic>

#include "runtime/jit_helpers.hpp"

namespace bareme::jit {
namespace {

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

}  // namespace

std::string to_string(llvm::Error e) {
  std::string out;
  llvm::handleAllErrors(std::move(e),
                        [&](const llvm::ErrorInfoBase& info) { out += info.message(); });
  return out;
}

std::recursive_mutex& jit_mutex() {
  // Never destroyed: a compilation may be released after static destruction began.
  static auto* m = new std::recursive_mutex;
  return *m;
}

namespace {
// Libraries alive, and whether the JITs still are: at exit, a cache made before the host is
// destroyed after it, and then its libraries have nothing left to remove themselves from.
std::atomic<size_t> live_libraries{0};
std::atomic<bool> jits_alive{false};
struct JitsAlive {
  JitsAlive() { jits_alive = true; }
  ~JitsAlive() {
    std::lock_guard lock(jit_mutex());
    jits_alive = false;
  }
};
}  // namespace

Library::Library(llvm::orc::LLJIT& j, llvm::orc::JITDylib& d) : jit(j), dylib(d) {
  ++live_libraries;
}

// Waits for a compilation in progress (the mutex): releasing code may block that long.
Library::~Library() {
  std::lock_guard lock(jit_mutex());
  if (!jits_alive) return;  // at exit: the JITs and their memory are gone already
  if (auto e = jit.getExecutionSession().removeJITDylib(dylib))
    llvm::consumeError(std::move(e));  // still in memory: counted as such
  else
    --live_libraries;
}

size_t live_code_libraries() {
  return live_libraries;
}

const Host& host() {
  static Host h;
  static JitsAlive alive;  // destroyed before h
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

std::variant<std::shared_ptr<Library>, Refusal> new_dylib(llvm::orc::LLJIT& jit) {
  static size_t dylibs = 0;
  auto dylib = jit.createJITDylib("bareme." + std::to_string(++dylibs));
  if (!dylib) return Refusal{to_string(dylib.takeError()), {}};
  auto library = std::make_shared<Library>(jit, *dylib);
  llvm::orc::SymbolMap helpers;
  auto define = [&](const char* name, auto* fn) {
    helpers[jit.mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(fn),
                                          llvm::JITSymbolFlags::Exported};
  };
  define("bareme_rt_mul_scaled", &bareme_rt_mul_scaled);
  define("bareme_rt_div_scaled", &bareme_rt_div_scaled);
  define("bareme_rt_wide_mul", &bareme_rt_wide_mul);
  define("bareme_rt_wide_div", &bareme_rt_wide_div);
  define("bareme_rt_wide_narrow", &bareme_rt_wide_narrow);
  define("bareme_rt_text_known", &bareme_rt_text_known);
  define("bareme_rt_refuse_rows", &bareme_rt_refuse_rows);
  define("bareme_rt_wide_round_to_step", &bareme_rt_wide_round_to_step);
  define("bareme_rt_round_to_step", &bareme_rt_round_to_step);
  define("bareme_rt_add_duration", &bareme_rt_add_duration);
  define("bareme_rt_months_between", &bareme_rt_months_between);
  define("bareme_rt_civil_part", &bareme_rt_civil_part);
  if (auto e = dylib->define(llvm::orc::absoluteSymbols(std::move(helpers))))
    return Refusal{to_string(std::move(e)), {}};
  return library;
}

}  // namespace bareme::jit
