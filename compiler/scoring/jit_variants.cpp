// The JIT's general and dense variants of one scheme, each compiled when a block first needs it.
#include "scoring/jit_variants.hpp"

#include <algorithm>
#include <utility>
#include <variant>

namespace bareme::scoring {

bool header_gives_every_input(const ir::Program& program, const std::vector<std::string>& header) {
  return std::all_of(program.inputs.begin(), program.inputs.end(), [&](const ir::Input& in) {
    return in.definition || std::find(header.begin(), header.end(), in.name) != header.end();
  });
}

JitVariants::JitVariants(const ir::Program& program, ir::Index scheme, jit::CompileOptions options,
                         std::shared_ptr<const jit::CompiledScheme> first, bool dense_pays,
                         Compiler compiler)
    : program_(program),
      scheme_(scheme),
      options_(std::move(options)),
      compiler_(std::move(compiler)) {
  if (!compiler_)
    compiler_ = [](const ir::Program& p, ir::Index s, const jit::CompileOptions& o) {
      return jit::compile(p, s, o);
    };
  Variant& v = options_.all_inputs_present ? dense_ : general_;
  std::call_once(v.once, [&] { v.compiled = std::move(first); });
  dense_allowed_ = options_.all_inputs_present || dense_pays;
}

runtime::BatchFunction JitVariants::get(Variant& variant, bool dense) {
  std::call_once(variant.once, [&] {
    jit::CompileOptions o = options_;
    o.all_inputs_present = dense;
    auto c = compiler_(program_, scheme_, o);  // jit::compile serialises and caches
    if (auto* ok = std::get_if<std::shared_ptr<const jit::CompiledScheme>>(&c))
      variant.compiled = *ok;
  });
  return variant.compiled ? variant.compiled->function : nullptr;
}

runtime::BatchFunction JitVariants::for_block(const engine::Batch& batch) {
  if (dense_allowed_ && batch.rows() > 0 && batch.all_present()) {
    if (auto f = get(dense_, true)) return f;
  }
  return get(general_, false);
}

}  // namespace bareme::scoring
