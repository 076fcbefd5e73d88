// The lowering of the typed IR to LLVM IR for one scheme; private to jit/.
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/ValueMap.h>
#include <llvm/Target/TargetMachine.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.hpp"
#include "runtime/value.hpp"

namespace bareme::jit {

struct ListFilter;

// ⌊x ÷ d⌋ = ⌊x × magic ÷ 2^shift⌋ for x < 2^127 (lower_wide_rounding.cpp).
struct DivisionMagic {
  llvm::APInt magic;
  unsigned shift;
};

// A lowered value: `v` (i64, or i1 for Bool), `days` for durations, `err` an i8 runtime error
// code (0: none). Lists are element ranges [v, days) of list input `list`, keeping only the
// elements every one of `filters` keeps (none: all); records are element indexes `v` into that
// input's field columns.
struct Val {
  Val(llvm::Value* v = nullptr, llvm::Value* days = nullptr, llvm::Value* err = nullptr,
      ir::Index list = 0, std::shared_ptr<const std::vector<ListFilter>> filters = {},
      bool wide = false)
      : v(v), days(days), err(err), list(list), filters(std::move(filters)), wide(wide) {}
  llvm::Value* v;
  llvm::Value* days;
  llvm::Value* err;
  ir::Index list;
  std::shared_ptr<const std::vector<ListFilter>> filters;
  // `v` is an i128 exact intermediate (runtime/wide.hpp) rather than a value at rest.
  bool wide = false;
};

// A `filter` applied to a list: an element, bound to local `slot`, is kept when `where` holds,
// evaluated with the locals of the place where the filter was written. Its errors were taken
// into the filtered list's `err` when it was made: a list with an error is never walked.
struct ListFilter {
  ir::Index slot;
  const ir::Expr* where;
  std::vector<Val> locals;
};

struct SchemeVals {
  llvm::Value* eligible;  // i1
  llvm::Value* amount;    // i64, 0 when not eligible
  std::vector<llvm::Value*>
      failed;        // i64 words of the bit set (runtime::failed_words of conditions + 1)
  llvm::Value* err;  // i8
};

struct CombineVals {
  std::vector<llvm::Value*> before, after;  // i64 per aid
  llvm::Value* err;
};

struct LevelVals {
  llvm::Value* eligible;  // i1: some member applies
  llvm::Value* amount;    // i64
  llvm::Value* err;       // i8
};

// A definition computed once per row, before anything that reads it.
enum class NodeKind { Input, Param, Rule, Scheme, Combine, Level };
struct Node {
  NodeKind kind;
  ir::Index index;
  friend bool operator==(const Node&, const Node&) = default;
};

// Marks the row loop's loads as reading input columns only and each store as writing one of
// `output_arrays`, all disjoint (the batch function's contract with its callers).
struct OutputArray {
  llvm::Value* base;
  std::string name;
};
void mark_disjoint_columns(llvm::Function& fn, const std::vector<OutputArray>& output_arrays);
// Loads of the row loop read inputs, stores to `output_bases` write outputs; the two are apart.
void mark_inputs_apart(llvm::Function& fn, const std::vector<llvm::Value*>& output_bases);

// Functions are inlined at each call (a call repeated with the same arguments in one block is
// lowered once); past this many expressions lowered, the JIT refuses the scheme rather than
// spend minutes and gigabytes on it (functions calling each other several times each grow
// exponentially). The seed schemes lower to under 2 000.
inline constexpr size_t kMaxLoweredExpressions = 50'000;

// ---- pipeline.cpp: the IR optimisation of `opt_level` 2, of each function of `module` of at
// most `at_most` instructions. The optimiser's passes grow faster than linearly on huge
// functions (a chain of 10 000 definitions takes it half a minute): a larger one is compiled as
// lowered.
inline constexpr size_t kOptimiseAtMost = 40'000;
// With `clean_up_only`, CSE, instcombine and simplifycfg alone (compile_all's row body).
void optimise(llvm::Module& module, llvm::TargetMachine& machine, size_t at_most = kOptimiseAtMost,
              bool clean_up_only = false);
// Rewrites selects narrower than 32 bits as 32-bit selects, which x86 compiles to one cmov.
void widen_narrow_selects(llvm::Module& module);
// compile_all's one function: the whole catalogue's row body. The aides-vélo catalogue lowers
// to about 64 500 instructions (its guards lower each aid's later conditions twice), 31 000
// optimised; compiled as lowered, its rows ran several times slower (the guards' refused
// paths keep every condition's values).
inline constexpr size_t kOptimiseAllAtMost = 100'000;
// Splits basic blocks longer than `every` instructions before code generation: the fast
// instruction selector hands a block back to SelectionDAG from the first instruction it cannot
// select (128-bit arithmetic), and SelectionDAG's scheduling grows faster than linearly with
// the block (docs/compiler/jit.md).
inline constexpr size_t kSplitBlocksEvery = 200;
void split_long_blocks(llvm::Module& module, size_t every = kSplitBlocksEvery);

// A scheme with something after its first condition to skip when it fails (lower_guard.cpp).
bool guardable(const ir::Scheme& s);

class Lowerer {
 public:
  Lowerer(llvm::LLVMContext& ctx, llvm::Module& module, const ir::Program& program,
          std::vector<std::optional<runtime::Value>> param_overrides, bool all_present)
      : ctx_(ctx),
        mod_(module),
        b_(ctx),
        p_(program),
        overrides_(std::move(param_overrides)),
        all_present_(all_present) {}

  // The first construct the JIT cannot compile and where it is used.
  struct Unsupported {
    std::string what;
    source::Span span;
  };
  // Emits `void NAME(const BatchInput*, BatchOutput*, i64 begin, i64 end)` for a scheme or a
  // level (its eligibility, amount and error; no failed condition); returns the first construct
  // the JIT does not support, if any (the function is then not to be used).
  std::optional<Unsupported> lower_batch_function(Node target, const std::string& name);
  // Emits `void NAME(const BatchInput*, BatchOutput* const* outs, i64 begin, i64 end)`: every
  // scheme (outs[s]) and every level (outs[schemes + l]) of the program, each computed once per
  // row (lower_all.cpp). Valid only when no scheme has an `as of` input.
  std::optional<Unsupported> lower_all_function(const std::string& name);
  llvm::Function* function() const { return fn_; }
  // The row loop of a batch function: branches from the entry to `header`, which runs `body`
  // for each row from arg 2 to arg 3 then leaves for `exit`; leaves the builder in `body` with
  // `row_` set and no definition computed yet; returns the row's phi (lower_batch.cpp).
  llvm::PHINode* enter_row_loop(llvm::BasicBlock* entry, llvm::BasicBlock* header,
                                llvm::BasicBlock* body, llvm::BasicBlock* exit);

  // ---- lower_module.cpp
  // Appends `root` and what it reads, not already in `seen`, each after what it reads.
  void order(Node root, std::vector<Node>& out, std::vector<Node>& seen);
  void direct_dependencies(Node n, std::vector<Node>& deps);
  void dependencies(const ir::Expr& e, std::vector<Node>& out);
  void compute(Node n);
  Val input(ir::Index i);
  llvm::Value* present(ir::Index i);  // i1: the input is set for the current row
  Val param(ir::Index i);
  void scheme(ir::Index s);
  // Writes the current row's value and error of a declared output (lower_batch.cpp).
  void store_output(const ir::Output& o, llvm::Value* words, llvm::Value* errors);
  // What a scheme's conditions add up to, in order (docs/semantics.md §3.11, §3.12): the first
  // error (`not applicable` aside), whether one fails for sure (false, or not applicable), and
  // whether one ended in an error other than a missing input.
  struct ConditionsVals {
    llvm::Value* err;
    llvm::Value* refuted;
    llvm::Value* blocking;
  };
  ConditionsVals no_conditions();
  // One condition folded into `acc`; whether it holds or is set aside by an error (i1): false
  // only where it fails for sure, which is what the failed words list.
  llvm::Value* condition(const ir::Expr& test, ConditionsVals& acc);
  // The conditions' error: none when one fails for sure and the others only lack inputs.
  llvm::Value* conditions_error(const ConditionsVals& acc);
  // Sets bit `k` of the failed words where `holds` is false.
  void refuse_unless(std::vector<llvm::Value*>& failed, size_t k, llvm::Value* holds);
  // The amount of `s` where `out.eligible` holds, into `out`.
  void scheme_amount(const ir::Scheme& s, SchemeVals& out);
  // ---- lower_guard.cpp: in a catalogue's one function, a scheme whose first condition fails
  // skips the rest (the values of its other conditions, and the definitions only it reads);
  // their errors are still computed, as the interpreter evaluates every condition.
  // For each scheme that may be guarded, the rules only it reads, in `nodes` order.
  void plan_guards(const std::vector<Node>& nodes);
  // True when the rule is computed inside its scheme's guard rather than in the row's order.
  bool guarded_rule(ir::Index r) const;
  // Lowers scheme `i` behind its first condition; false when it has nothing to skip.
  bool guarded_scheme(ir::Index i);
  // On the refused path: an error of a later condition, written and recorded when it occurs.
  void skipped_with_error(ir::Index i, llvm::Value* err);
  // ---- lower_events.cpp: in a catalogue's one function, what a guarded scheme writes only on
  // the path where it is not refused by its first condition. Its output arrays, filled at the
  // start of each call as refused by that condition (runtime bareme_rt_refuse_rows), are
  // written in the row only where the first condition holds or another one fails with an error.
  struct SchemeArrays {
    llvm::Value *eligible, *amount, *failed, *error;
  };
  // Scheme `s` writes `arrays` in its guard's paths, when it is guarded (true) or not (false).
  bool store_in_paths(ir::Index s, SchemeArrays arrays);
  void store_outputs(ir::Index s, const SchemeVals& v);
  // A `first` level whose members are all schemes is found from events: each member that is
  // eligible or fails with an error records its place in the level, the least place wins.
  // Its four slots (the least eligible place and its amount, the least erring place and its
  // error) live in memory, written only on those rare paths rather than carried through every
  // scheme of the row.
  void plan_level_events();
  void start_level_events();  // each row: no place yet
  void scheme_events(ir::Index s, llvm::Value* eligible, llvm::Value* amount, llvm::Value* err);
  // The level from its slots; false when it is not found from events.
  bool level_from_events(ir::Index l);
  void combine(ir::Index c);
  // ---- lower_level.cpp
  void level(ir::Index l);
  // Member `m` of a level: whether it applies (i1), its amount, its error.
  LevelVals member(const ir::LevelMember& m);

  // ---- lower_expr.cpp
  // The value of `e`, wide when `e.wide` (a narrow value is widened, exactly).
  Val expr(const ir::Expr& e);
  Val expr_node(const ir::Expr& e);
  Val arith(const ir::Expr& e, const ir::Arith& a);
  // ---- lower_wide.cpp: exact intermediates, computed by the runtime's own functions.
  Val widened(const Val& v, ir::Type type);
  Val aligned(const Val& v, bool wide, ir::Type type) { return wide ? widened(v, type) : v; }
  Val wide_arith(const ir::Arith& a, const Val& l, const Val& r, llvm::Value* err);
  Val narrow_product(const Val& l, ir::Type lt, const Val& r, ir::Type rt, llvm::Value* err);
  Val wide_negate(const Val& v);
  // p ÷ 10^places rounded by `mode`, inline when the i128 `p` fits 64 bits (a division by a
  // constant), through bareme_rt_wide_narrow of `wide` (= p × 10^(18 − places − digits)) otherwise.
  Val narrow_scaled_product(const Val& wide, llvm::Value* p, int places, ir::Type type,
                            runtime::RoundMode mode);
  // A value at rest: a wide one rounded by `mode` (an Overflow error beyond 64 bits).
  Val at_rest(const Val& v, ir::Type type, runtime::RoundMode mode);
  Val amount_when(llvm::Value* eligible, const ir::Expr& amount, runtime::RoundMode mode);
  Val wide_round(const Val& v, const Val& step, ir::Type type, bool wide_result,
                 runtime::RoundMode mode, llvm::Value* err);
  // ---- lower_wide_rounding.cpp: divisions by constants, inline.
  struct RoundedQuotient {
    llvm::Value* value;     // i128, the sign put back
    llvm::Value* overflow;  // i1
  };
  std::pair<llvm::Value*, llvm::Value*> divided_by_constant(llvm::Value* x, unsigned __int128 d,
                                                            const DivisionMagic& magic);
  std::optional<RoundedQuotient> rounded_quotient(llvm::Value* v, unsigned __int128 d,
                                                  runtime::RoundMode mode,
                                                  unsigned __int128 positive_limit,
                                                  unsigned __int128 negative_limit);
  llvm::Value* rounded_away(llvm::Value* q, llvm::Value* r, llvm::Value* d, llvm::Value* negative,
                            runtime::RoundMode mode);
  Val inline_unless_wide_min(const Val& v, const std::function<Val()>& fast,
                             const std::function<Val()>& slow);
  // A wide value at rest, rounded by `mode` (what bareme_rt_wide_narrow does), inline.
  Val narrowed(const Val& v, ir::Type type, runtime::RoundMode mode);
  // round(v, to: step) for a constant step, inline; nothing for any other step.
  std::optional<Val> rounded_to_constant_step(const Val& v, llvm::Value* step,
                                              runtime::RoundMode mode, llvm::Value* err);
  // Calls `uint8_t name(args..., out*)`: the error code, and the value written to `out`.
  Val call_writing(const char* name, std::vector<llvm::Value*> args, llvm::Type* out_type,
                   llvm::Value* err_in);
  llvm::Value* compare(ir::CompareOp op, ir::Type type, const Val& l, const Val& r);
  Val convert(const ir::Convert& c);
  Val mul_scaled(llvm::Value* a, llvm::Value* b, llvm::Value* err_in);
  // At the start of a join block: the value and error of `a` coming from `a_end`, or of `b`.
  Val joined(const Val& a, llvm::BasicBlock* a_end, const Val& b, llvm::BasicBlock* b_end);

  // ---- lower_calls.cpp
  Val table(const ir::TableCall& call);
  // ---- lower_lookup.cpp: a table over one enum with constant cells, as array loads.
  std::optional<Val> enum_lookup(const ir::Table& t, const Val& arg, bool proven);
  Val function(const ir::FunctionCall& call);
  Val builtin(const ir::Builtin& b);
  Val comprehension(const ir::Expr& e, const ir::Comprehension& c);
  // i1: the filters of `list` keep its element at `index`.
  llvm::Value* kept_by_filters(const Val& list, llvm::Value* index);

  // ---- lower_calendar.cpp: the runtime's calendar arithmetic, inline.
  struct Civil {
    llvm::Value *year, *month, *day;  // i64
  };
  Civil civil(llvm::Value* days);
  struct KnownCivil {
    Civil parts;
    llvm::BasicBlock* block;  // where the parts are available
  };
  std::map<llvm::Value*, KnownCivil> civil_of_;  // dates made by add_months, with their parts
  llvm::Value* days_in_month(llvm::Value* year, llvm::Value* month);
  llvm::Value* days_from_civil(llvm::Value* year, llvm::Value* month, llvm::Value* day);
  std::pair<llvm::Value*, llvm::Value*> add_months(llvm::Value* date,
                                                   llvm::Value* months);  // date, i1 out of range
  Val add_duration(llvm::Value* date, llvm::Value* months, llvm::Value* days, llvm::Value* err_in);
  llvm::Value* months_between(llvm::Value* from, llvm::Value* to);

  // ---- small helpers (lower_module.cpp)
  llvm::Value* i64(int64_t v) { return b_.getInt64(static_cast<uint64_t>(v)); }
  llvm::Value* i8(runtime::ErrorCode c) { return b_.getInt8(static_cast<uint8_t>(c)); }
  llvm::Value* no_error() { return b_.getInt8(0); }
  // Errors about a parameter carry it in the error byte, past the public codes (lower_module.cpp):
  // NoParamValue of parameter k is kParamErrors + k, NoEvaluationDate kParamErrors + 96 + k, for
  // k < runtime::kDetailedParams. Every store to a caller's array goes through public_error, and
  // the batch function writes the parameter to BatchOutput::error_detail.
  static constexpr uint8_t kParamErrors = 64;
  llvm::Value* param_error(runtime::ErrorCode code, ir::Index param);
  llvm::Value* public_error(llvm::Value* err);
  llvm::Value* error_detail(llvm::Value* err);  // i64: runtime::param_error_detail, or 0
  bool params_named_ = false;                   // some parameter error was lowered so far
  // The first error in evaluation order: `a` when set, else `b`.
  llvm::Value* first(llvm::Value* a, llvm::Value* b);
  // `err` when `live` holds, else no error: an error of a part the interpreter would skip.
  llvm::Value* only_if(llvm::Value* live, llvm::Value* err);
  // i1: `err` is the outcome `not applicable`, which schemes and combines absorb.
  llvm::Value* not_applicable(llvm::Value* err);
  bool partial() const;
  llvm::Value* truthy(const Val& v);  // i1
  Val constant(ir::Type type, const runtime::Value& v);
  // Calls a runtime helper returning an error code and writing an i64 result.
  Val call_helper(const char* name, std::vector<llvm::Value*> args, llvm::Value* err_in);
  llvm::FunctionCallee pure_function(const char* name, llvm::Type* result, size_t arity);
  // ---- lower_overflow.cpp
  Val checked(llvm::Intrinsic::ID op, llvm::Value* a, llvm::Value* c, llvm::Value* err_in);
  // a op c wrapped to 64 bits, and whether it overflowed (i1), in forms loops can vectorise.
  std::pair<llvm::Value*, llvm::Value*> with_overflow(llvm::Intrinsic::ID op, llvm::Value* a,
                                                      llvm::Value* c);
  void unsupported(const std::string& what, source::Span span) {
    if (!unsupported_) unsupported_ = Unsupported{what, span};
  }
  // Refuses a scheme whose functions chain too deeply for the stack; a placeholder of `type`.
  Val too_deep(ir::Type type);
  llvm::Value* load_ptr(llvm::Value* base, int64_t index);

  llvm::LLVMContext& ctx_;
  llvm::Module& mod_;
  llvm::IRBuilder<> b_;
  const ir::Program& p_;
  std::vector<std::optional<runtime::Value>> overrides_;
  std::optional<Unsupported> unsupported_;
  bool all_present_;
  bool branch_amounts_ = false;  // lower_all_function: amounts computed only where eligible
  bool guards_ = false;          // lower_all_function: schemes guarded by their first condition
  std::vector<std::vector<ir::Index>> own_rules_;  // per scheme: the rules only it reads
  std::vector<bool> guarded_rules_;                // per rule: computed in its scheme's guard
  std::vector<std::optional<SchemeArrays>> path_arrays_;  // per scheme: written in its paths
  struct LevelSlots {
    llvm::Value *won, *amount, *erred, *error;  // allocas: i64 place, i64, i64 place, i8
    int64_t members;
  };
  std::vector<std::optional<LevelSlots>> level_slots_;
  std::vector<std::vector<std::pair<ir::Index, int64_t>>>
      memberships_;  // per scheme: (level, place)

  llvm::Function* fn_ = nullptr;
  llvm::Value* row_ = nullptr;
  llvm::Value* as_of_ = nullptr;      // i64
  llvm::Value* has_as_of_ = nullptr;  // i1
  struct InputColumns {
    llvm::Value *values, *days, *present, *offsets, *fields;
  };
  // Each input's column pointers, loaded in the entry block when the scheme first reads the
  // input: a scheme of a 400-aid catalogue reads a few of its hundreds of inputs.
  std::vector<std::optional<InputColumns>> columns_;
  llvm::Value* columns_base_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
  const InputColumns& column(ir::Index i);
  std::vector<std::optional<Val>> inputs_, params_, rules_;
  std::vector<std::optional<SchemeVals>> schemes_;
  std::vector<std::optional<CombineVals>> combines_;
  std::vector<std::optional<LevelVals>> levels_;
  std::vector<Val> locals_;

  // Bounds on the code size (lower_calls.cpp): expressions lowered so far, and each call lowered,
  // keyed by function and arguments, with the block where its value is available.
  size_t lowered_ = 0;
  std::set<std::pair<int, ir::Index>>
      walked_;  // functions (0) and tables (1) walked by `dependencies`
  struct LoweredCall {
    Val value;
    llvm::BasicBlock* block;
  };
  std::map<std::vector<const void*>, LoweredCall> calls_;
  // Each wide value made by narrow_product: the exact product before scaling, and its places.
  struct ScaledProduct {
    llvm::Value* product;
    int digits;
  };
  llvm::ValueMap<llvm::Value*, ScaledProduct> scaled_products_;
  Val placeholder(ir::Type type);  // a value of `type` for a scheme being refused
};

}  // namespace bareme::jit
