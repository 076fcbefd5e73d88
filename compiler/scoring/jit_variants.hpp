// The two functions `bareme score` may run on a block: the JIT's general variant, and the dense
// one for blocks whose rows give every input (it reads no presence). Each is compiled when a
// block first needs it, so a run pays only for the variants its input uses.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "engine/batch.hpp"
#include "ir/ir.hpp"
#include "jit/jit.hpp"

namespace bareme::scoring {

// True when a CSV header names every input a row must give (definitions declared `unless
// given` may be left out): then blocks usually give every input.
bool header_gives_every_input(const ir::Program& program, const std::vector<std::string>& header);

class JitVariants {
 public:
  using Compiler =
      std::function<std::variant<std::shared_ptr<const jit::CompiledScheme>, jit::Refusal>(
          const ir::Program&, ir::Index, const jit::CompileOptions&)>;

  // `first` was compiled with `options` (its `all_inputs_present` says which variant it is).
  // `dense_pays` allows compiling the dense variant later, for an input long enough to pay for
  // its compilation; the general one is compiled whenever a block needs it, by `compiler`
  // (jit::compile; a test may pass one that fails, as LLVM might).
  JitVariants(const ir::Program& program, ir::Index scheme, jit::CompileOptions options,
              std::shared_ptr<const jit::CompiledScheme> first, bool dense_pays,
              Compiler compiler = {});

  // The function for this block, or null when the variant it needs could not be compiled (the
  // caller then interprets the block's rows). Safe from many threads at once.
  runtime::BatchFunction for_block(const engine::Batch& batch);

 private:
  struct Variant {
    std::once_flag once;
    std::shared_ptr<const jit::CompiledScheme> compiled;
  };
  runtime::BatchFunction get(Variant& variant, bool dense);

  const ir::Program& program_;
  ir::Index scheme_;
  jit::CompileOptions options_;
  Compiler compiler_;
  Variant general_, dense_;
  bool dense_allowed_;
};

}  // namespace bareme::scoring
