// The optimisation pipeline for batch functions: LLVM's scalar clean-ups, loop-invariant code
// motion and the loop vectoriser, without the module- and call-graph-level passes of LLVM's
// default O2 pipeline, which have nothing to do on one function with no calls to inline.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Transforms/InstCombine/InstCombine.h>
#include <llvm/Transforms/Scalar/CorrelatedValuePropagation.h>
#include <llvm/Transforms/Scalar/EarlyCSE.h>
#include <llvm/Transforms/Scalar/GVN.h>
#include <llvm/Transforms/Scalar/LICM.h>
#include <llvm/Transforms/Scalar/LoopRotation.h>
#include <llvm/Transforms/Scalar/SCCP.h>
#include <llvm/Transforms/Scalar/SimplifyCFG.h>
#include <llvm/Transforms/Vectorize/LoopVectorize.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>


#include "jit/lowering.hpp"

namespace bareme::jit {
namespace {
void full_pipeline(llvm::FunctionPassManager& f);
}  // namespace

// Measured on the seed schemes (docs/compiler/jit.md): half the optimisation time of LLVM's O2
// pipeline for the same row throughput. The lowering's code has no allocas, no calls to inline
// and one loop per row plus one per list walk; what it needs is folding of its selects and
// error codes (instcombine, CSE, GVN, value ranges), hoisting of parameter lookups out of list
// walks (LICM) and a vectorised row loop when the body allows one.
void optimise(llvm::Module& module, llvm::TargetMachine& machine, size_t at_most, bool clean_up_only) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder passes(&machine);
  passes.registerModuleAnalyses(mam);
  passes.registerCGSCCAnalyses(cgam);
  passes.registerFunctionAnalyses(fam);
  passes.registerLoopAnalyses(lam);
  passes.crossRegisterProxies(lam, fam, cgam, mam);

  llvm::FunctionPassManager f;
  if (clean_up_only) {
    // compile_all's row body: what it needs is its dead values deleted (the guards' refused
    // paths keep only errors) and its constant errors folded; value ranges, GVN and the loop
    // passes took two thirds of the optimisation time of the aides-vélo catalogue for rows no
    // faster (docs/compiler/jit.md).
    f.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/false));
    f.addPass(llvm::InstCombinePass());
    f.addPass(llvm::SimplifyCFGPass());
  } else {
    full_pipeline(f);
  }
  // Function by function: one pipeline for every batch function of a catalogue.
  for (auto& function : module) {
    if (!function.isDeclaration() && function.getInstructionCount() <= at_most) f.run(function, fam);
  }
}

namespace {
void full_pipeline(llvm::FunctionPassManager& f) {
  f.addPass(llvm::EarlyCSEPass(/*UseMemorySSA=*/true));
  f.addPass(llvm::InstCombinePass());
  f.addPass(llvm::SimplifyCFGPass());
  f.addPass(llvm::CorrelatedValuePropagationPass());
  llvm::LoopPassManager loops;
  loops.addPass(llvm::LoopRotatePass());
  loops.addPass(llvm::LICMPass(llvm::LICMOptions()));
  f.addPass(llvm::createFunctionToLoopPassAdaptor(std::move(loops), /*UseMemorySSA=*/true));
  f.addPass(llvm::GVNPass());
  f.addPass(llvm::SCCPPass());
  f.addPass(llvm::InstCombinePass());
  f.addPass(llvm::SimplifyCFGPass());
  f.addPass(llvm::LoopVectorizePass());
  f.addPass(llvm::InstCombinePass());
  f.addPass(llvm::SimplifyCFGPass());
}
}  // namespace

// x86 has no 8-bit conditional move: instruction selection turns each `select i8` (error codes)
// or `select i1` into a pseudo-instruction that it later expands into a branch, splitting the
// block and moving every instruction after it, once per select. On a function of 10 000
// definitions that is quadratic (minutes in codegen). Widened to 32 bits, a select is one cmov.
void widen_narrow_selects(llvm::Module& module) {
  std::vector<llvm::SelectInst*> narrow;
  for (auto& function : module)
    for (auto& block : function)
      for (auto& instruction : block)
        if (auto* select = llvm::dyn_cast<llvm::SelectInst>(&instruction))
          if (auto* type = llvm::dyn_cast<llvm::IntegerType>(select->getType());
              type != nullptr && type->getBitWidth() < 32)
            narrow.push_back(select);
  for (auto* select : narrow) {
    llvm::IRBuilder<> b(select);
    auto* wide = b.getInt32Ty();
    auto* value = b.CreateSelect(select->getCondition(), b.CreateZExt(select->getTrueValue(), wide),
                                 b.CreateZExt(select->getFalseValue(), wide));
    select->replaceAllUsesWith(b.CreateTrunc(value, select->getType()));
    select->eraseFromParent();
  }
}

void split_long_blocks(llvm::Module& module, size_t every) {
  if (every == 0) return;
  for (auto& function : module) {
    std::vector<llvm::BasicBlock*> blocks;
    for (auto& block : function) blocks.push_back(&block);
    for (llvm::BasicBlock* block : blocks) {
      size_t n = 0;
      for (auto it = block->getFirstNonPHIIt(); it != block->end(); ++it) {
        if (++n < every || it->isTerminator()) continue;
        block = llvm::SplitBlock(block, &*it);
        it = block->begin();
        n = 0;
      }
    }
  }
}

}  // namespace bareme::jit
