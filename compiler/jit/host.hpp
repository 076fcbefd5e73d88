// The process's LLVM JITs and what every compilation shares with them; private to jit/.
#pragma once

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include "jit/jit.hpp"

namespace bareme::jit {

// The host's target machine and one JIT per code generation level (each compilation lives in a
// JITDylib of its own), made once: describing the CPU is slow. Used under `jit_mutex()`.
struct Host {
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::orc::LLJIT> jit;       // full code generation
  std::unique_ptr<llvm::orc::LLJIT> fast_jit;  // fast instruction selection, no machine optimisation
  std::string failure;
};
const Host& host();
// Recursive: the cache frees code (Library's destructor) while compiling.
std::recursive_mutex& jit_mutex();

std::string to_string(llvm::Error e);

// One compilation's JITDylib: its machine code is freed (the JITDylib removed from its JIT)
// when the last compiled function holding it is released.
struct Library {
  Library(llvm::orc::LLJIT& jit, llvm::orc::JITDylib& dylib);
  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  llvm::orc::LLJIT& jit;
  llvm::orc::JITDylib& dylib;
};

// A new JITDylib of `jit` holding the runtime helpers the lowered code calls.
std::variant<std::shared_ptr<Library>, Refusal> new_dylib(llvm::orc::LLJIT& jit);

}  // namespace bareme::jit

namespace bareme::jit {
// The key suffix of `compile`'s cache for `scheme`, and a compiled scheme stored there (by
// `compile_catalogue`), which `compile` then returns.
std::string scheme_cache_suffix(ir::Index scheme, const CompileOptions& options);
void remember_scheme(const ir::Program& program, ir::Index scheme, const CompileOptions& options,
                     std::shared_ptr<const CompiledScheme> compiled);
}  // namespace bareme::jit
