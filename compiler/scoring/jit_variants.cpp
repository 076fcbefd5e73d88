// The JIT's general and dense variants of one scheme, each compiled when a block first needs it.
#include "scoring/jit_variants.hpp"

#include <algorithm>
#include <variant>

namespace bareme::scoring {

bool header_gives_every_input(const ir::Program& program, const std::vector<std::string>& header) {
  return std::all_of(program.inputs.begin(), program.inputs.end(), [&](const ir::Input& in) {
    return in.definition || std::find(header.begin(), header.end(), in.name) != header.end();
  });
}

JitVariants::JitVariants(const ir::Program& program, ir::Index scheme, jit::CompileOptions options,
                         std::shared_ptr<const jit::CompiledScheme> first, bool dense_pays)
    : program_(program), scheme_(scheme), options_(std::move(options)) {
  Variant& v = options_.all_inputs_present ? dense_ : general_;
  std::call_once(v.once, [&] { v.compiled = std::move(first); });
  dense_allowed_ = options_.all_inputs_present || dense_pays;
}

runtime::BatchFunction JitVariants::get(Variant& variant, bool dense) {
  std::call_once(variant.once, [&] {
    jit::CompileOptions o = options_;
    o.all_inputs_present = dense;
    auto c = jit::compile(program_, scheme_, o);  // serialised and cached by the JIT
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
