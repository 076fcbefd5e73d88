// Alias scopes for the batch function: every load in the row loop reads input columns, every
// store writes one output array, and none of these overlap. Without this the loop vectoriser
// must compare every pair of arrays at run time before it may use its vector loop.
#include <llvm/IR/Instructions.h>
#include <llvm/IR/MDBuilder.h>

#include <algorithm>
#include <unordered_set>

#include "jit/lowering.hpp"

namespace bareme::jit {

void mark_disjoint_columns(llvm::Function& fn, const std::vector<OutputArray>& output_arrays) {
  llvm::MDBuilder md(fn.getContext());
  llvm::MDNode* domain = md.createAnonymousAliasScopeDomain("bareme.columns");
  llvm::MDNode* inputs = md.createAnonymousAliasScope(domain, "inputs");
  std::vector<llvm::Metadata*> outputs;
  for (const auto& array : output_arrays)
    outputs.push_back(md.createAnonymousAliasScope(domain, array.name));
  auto list = [&](std::vector<llvm::Metadata*> scopes) {
    return llvm::MDNode::get(fn.getContext(), scopes);
  };
  llvm::MDNode* input_scope = list({inputs});
  llvm::MDNode* not_outputs = list(outputs);
  for (auto& block : fn) {
    if (&block == &fn.getEntryBlock()) continue;  // reads the argument structures
    for (auto& inst : block) {
      if (auto* load = llvm::dyn_cast<llvm::LoadInst>(&inst)) {
        load->setMetadata(llvm::LLVMContext::MD_alias_scope, input_scope);
        load->setMetadata(llvm::LLVMContext::MD_noalias, not_outputs);
      } else if (auto* store = llvm::dyn_cast<llvm::StoreInst>(&inst)) {
        auto* gep = llvm::dyn_cast<llvm::GetElementPtrInst>(store->getPointerOperand());
        const auto at = std::find_if(
            output_arrays.begin(), output_arrays.end(),
            [&](const OutputArray& a) { return gep && gep->getPointerOperand() == a.base; });
        if (at == output_arrays.end()) continue;
        const auto k = static_cast<size_t>(at - output_arrays.begin());
        std::vector<llvm::Metadata*> others{inputs};
        for (size_t j = 0; j < outputs.size(); ++j)
          if (j != k) others.push_back(outputs[j]);
        store->setMetadata(llvm::LLVMContext::MD_alias_scope, list({outputs[k]}));
        store->setMetadata(llvm::LLVMContext::MD_noalias, list(others));
      }
    }
  }
}

// Two scopes only: a function with thousands of output arrays (compile_all) would otherwise
// carry a list of every other array on each store. Loads read inputs, stores write outputs.
void mark_inputs_apart(llvm::Function& fn, const std::vector<llvm::Value*>& output_bases) {
  llvm::MDBuilder md(fn.getContext());
  llvm::MDNode* domain = md.createAnonymousAliasScopeDomain("bareme.columns");
  llvm::MDNode* inputs = md.createAnonymousAliasScope(domain, "inputs");
  llvm::MDNode* outputs = md.createAnonymousAliasScope(domain, "outputs");
  llvm::MDNode* input_scope = llvm::MDNode::get(fn.getContext(), {inputs});
  llvm::MDNode* output_scope = llvm::MDNode::get(fn.getContext(), {outputs});
  const std::unordered_set<llvm::Value*> bases(output_bases.begin(), output_bases.end());
  for (auto& block : fn) {
    if (&block == &fn.getEntryBlock()) continue;  // reads the argument structures
    for (auto& inst : block) {
      if (auto* load = llvm::dyn_cast<llvm::LoadInst>(&inst)) {
        load->setMetadata(llvm::LLVMContext::MD_alias_scope, input_scope);
        load->setMetadata(llvm::LLVMContext::MD_noalias, output_scope);
      } else if (auto* store = llvm::dyn_cast<llvm::StoreInst>(&inst)) {
        auto* gep = llvm::dyn_cast<llvm::GetElementPtrInst>(store->getPointerOperand());
        if (gep == nullptr || !bases.count(gep->getPointerOperand())) continue;
        store->setMetadata(llvm::LLVMContext::MD_alias_scope, output_scope);
        store->setMetadata(llvm::LLVMContext::MD_noalias, input_scope);
      }
    }
  }
}

}  // namespace bareme::jit
