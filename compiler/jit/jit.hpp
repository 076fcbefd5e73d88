// The JIT phase: a checked scheme becomes a native batch function over columnar inputs.
// Only this phase links LLVM; callers see plain function pointers and errors as values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ir/ir.hpp"
#include "runtime/batch.hpp"
#include "runtime/value.hpp"

namespace bareme::jit {

struct CompileOptions {
  int opt_level = 2;  // 0: fast to compile; 2: fast to run
  // Compiles for batches where every input of every row is set (no presence arrays are read):
  // faster, and only valid for such batches. Definitions declared `unless given` may be absent.
  bool all_inputs_present = false;
  // Parameter values that replace the files' values, as constants (a reform).
  std::vector<std::optional<runtime::Value>> param_overrides;
  // Reuse an earlier compilation of the same typed IR with the same options; off to measure
  // compilation itself.
  bool use_cache = true;
};

// Code generation. O0 uses LLVM's fast instruction selector and no machine optimisation. O2
// runs Barème's IR pipeline (jit/pipeline.cpp), then full code generation (SelectionDAG), except for a
// function longer than this many instructions after optimisation: SelectionDAG and register
// allocation cost about 45 µs per instruction on such a function; 1200 since calendar arithmetic is
// inline (issue #19): the seed schemes (600–1100) get SelectionDAG, 1.8–2.2× the rows/s of the fast
// selector for about 1.5× the compile time (docs/performance.md).
inline constexpr size_t kFastSelectionAbove = 1200;

// A compiled scheme; the function stays valid while this object lives. Safe to call from many
// threads at once on disjoint row ranges.
class CompiledScheme {
 public:
  virtual ~CompiledScheme() = default;
  runtime::BatchFunction function = nullptr;
  int64_t compile_microseconds = 0;
  size_t aid_count = 0;         // before/after arrays the function writes
  size_t instructions = 0;      // LLVM instructions after optimisation
  bool fast_selection = false;  // code generated without SelectionDAG (O0, or a long function)
  // The machine code's owner, shared by the functions of one compilation: the code is freed
  // with the last object holding it. Keep this object, not only `function`.
  std::shared_ptr<const void> code;
};

// Why the JIT refused a scheme: a sentence ("the JIT cannot compile `filter`"), and where the
// scheme uses that construct (an invalid span when the refusal is not about one construct).
// Callers fall back to the interpreter, which runs every valid scheme.
struct Refusal {
  std::string message;
  source::Span span;
};

// Compiles `scheme` (and the combines of its file), reusing an earlier compilation of the same
// typed IR with the same options. Returns a refusal when the JIT lacks a construct the scheme
// uses, or when LLVM fails.
std::variant<std::shared_ptr<const CompiledScheme>, Refusal> compile(
    const ir::Program& program, ir::Index scheme, const CompileOptions& options = {});

// Every scheme and every level of a program compiled together, for scoring a catalogue: one
// LLVM module, one optimisation pipeline and one code generation, where `compile` makes one of
// each per scheme (docs/performance.md). A level's function writes the level's eligibility,
// amount and error, as if it were a scheme with no condition and no combine, evaluated on the
// date a module's tests use (the first scheme's `as of`). A scheme or level the JIT refuses has
// its refusal; the others are unaffected. Each scheme's function is also the one `compile`
// returns afterwards for the same program and options.
struct CompiledCatalogue {
  using Entry = std::variant<std::shared_ptr<const CompiledScheme>, Refusal>;
  std::vector<Entry> schemes;  // by ir::Index of program.schemes
  std::vector<Entry> levels;   // by ir::Index of program.levels
  int64_t compile_microseconds = 0;
};
std::shared_ptr<const CompiledCatalogue> compile_catalogue(const ir::Program& program,
                                                           const CompileOptions& options = {});

// Every scheme and level of a program in one function evaluating each once per row (`score
// --all`): a level's members and the aids other aids read are computed once and shared, where
// compile_catalogue's functions each recompute everything they read. One refusal for all: a
// construct the JIT lacks anywhere, or a scheme with an `as of` input (targets would then have
// evaluation dates of their own); callers then use compile_catalogue. A scheme's failed words
// hold its first failed condition and, where the first condition holds, every failed one (a
// scheme refused by its first condition skips the others: jit/lower_guard.cpp); its
// eligibility, amount and error are the interpreter's.
struct CompiledAll {
  runtime::CatalogueFunction function = nullptr;  // outs: schemes by index, then levels
  size_t instructions = 0;                         // after optimisation
  int64_t compile_microseconds = 0;
  int64_t lower_microseconds = 0, optimise_microseconds = 0;  // parts of compile_microseconds
  std::shared_ptr<const void> code;                           // as CompiledScheme::code
};
std::variant<std::shared_ptr<const CompiledAll>, Refusal> compile_all(const ir::Program& program,
                                                                      const CompileOptions& options = {});

// Compilations whose machine code is still in memory (for tests): each is freed when nothing
// holds it. Past this many compilations held by its cache alone, `compile` drops the least
// recently used of them down to half as many; `compile_catalogue` and `compile_all`, whose
// entries are whole catalogues, past kCachedUnusedCatalogues.
inline constexpr size_t kCachedUnusedSchemes = 256;
inline constexpr size_t kCachedUnusedCatalogues = 8;
size_t live_code_libraries();

// The LLVM IR of the batch function, optimised at `options.opt_level`, for `--dump=llvm`.
std::variant<std::string, std::string> llvm_ir(const ir::Program& program, ir::Index scheme,
                                               const CompileOptions& options = {});

}  // namespace bareme::jit
