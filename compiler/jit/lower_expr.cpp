// Expressions to LLVM IR: each yields its value and the first runtime error of its evaluation,
// combined with selects in the interpreter's order; only list loops and the rare wide product
// branch.
#include <fmt/format.h>
#include <llvm/IR/MDBuilder.h>

#include "jit/lowering.hpp"
#include "runtime/errors.hpp"
#include "runtime/stack_guard.hpp"
#include "runtime/text_intern.hpp"

namespace bareme::jit {

using runtime::ErrorCode;
using runtime::kDecimalScale;

namespace {
constexpr uint8_t kHalfAway = static_cast<uint8_t>(runtime::RoundMode::HalfAway);
}

llvm::Value* Lowerer::compare(ir::CompareOp op, ir::Type type, const Val& lhs, const Val& rhs) {
  const bool wide = lhs.wide || rhs.wide;
  const Val l = aligned(lhs, wide, type), r = aligned(rhs, wide, type);
  if (type.is(ir::TypeKind::Duration)) {
    llvm::Value* same = b_.CreateAnd(b_.CreateICmpEQ(l.v, r.v), b_.CreateICmpEQ(l.days, r.days));
    return op == ir::CompareOp::Eq ? same : b_.CreateNot(same);
  }
  switch (op) {
    case ir::CompareOp::Lt: return b_.CreateICmpSLT(l.v, r.v);
    case ir::CompareOp::Le: return b_.CreateICmpSLE(l.v, r.v);
    case ir::CompareOp::Gt: return b_.CreateICmpSGT(l.v, r.v);
    case ir::CompareOp::Ge: return b_.CreateICmpSGE(l.v, r.v);
    case ir::CompareOp::Eq: return b_.CreateICmpEQ(l.v, r.v);
    case ir::CompareOp::Ne: return b_.CreateICmpNE(l.v, r.v);
  }
  return b_.getInt1(false);
}

Val Lowerer::arith(const ir::Expr& e, const ir::Arith& a) {
  using ir::ArithOp;
  // The first error in source order, which is not the IR's when sema swapped the operands.
  const Val l = expr(*a.lhs), r = expr(*a.rhs);
  llvm::Value* err = a.rhs_first ? first(r.err, l.err) : first(l.err, r.err);
  if (e.wide) return wide_arith(a, l, r, err);
  auto scaled_mul = [&] { return mul_scaled(l.v, r.v, err); };
  auto scaled_div = [&](int64_t m) { return call_helper("bareme_rt_div_scaled", {l.v, i64(m), r.v, b_.getInt8(kHalfAway)}, err); };
  switch (a.op) {
    case ArithOp::IntAdd: case ArithOp::DecAdd: case ArithOp::MoneyAdd: case ArithOp::RateAdd: case ArithOp::QtyAdd:
      return checked(llvm::Intrinsic::sadd_with_overflow, l.v, r.v, err);
    case ArithOp::IntSub: case ArithOp::DecSub: case ArithOp::MoneySub: case ArithOp::RateSub: case ArithOp::QtySub:
    case ArithOp::DateSubDate:
      return checked(llvm::Intrinsic::ssub_with_overflow, l.v, r.v, err);
    case ArithOp::IntMul: case ArithOp::MoneyMulInt: case ArithOp::RateMulInt:
      return checked(llvm::Intrinsic::smul_with_overflow, l.v, r.v, err);
    case ArithOp::IntDiv: case ArithOp::DecDiv: case ArithOp::MoneyDivDec: case ArithOp::MoneyDivRate:
    case ArithOp::MoneyDivMoney: case ArithOp::QtyDivDec: case ArithOp::QtyDivQty:
      return scaled_div(kDecimalScale);
    case ArithOp::MoneyDivInt: return scaled_div(1);
    case ArithOp::DecMul: case ArithOp::MoneyMulDec: case ArithOp::MoneyMulRate: case ArithOp::RateMulRate:
    case ArithOp::RateMulDec: case ArithOp::QtyMulDec: case ArithOp::QtyMulRate:
      return scaled_mul();
    case ArithOp::DateAddDuration:
      return add_duration(l.v, r.v, r.days, err);
    case ArithOp::DateSubDuration: {
      // The duration is negated first (each part checked), then added.
      const Val months = checked(llvm::Intrinsic::ssub_with_overflow, i64(0), r.v, err);
      const Val days = checked(llvm::Intrinsic::ssub_with_overflow, i64(0), r.days, months.err);
      return add_duration(l.v, months.v, days.v, days.err);
    }
    case ArithOp::DurationAdd: case ArithOp::DurationSub: case ArithOp::DurationMulInt: {
      const auto id = a.op == ArithOp::DurationAdd   ? llvm::Intrinsic::sadd_with_overflow
                      : a.op == ArithOp::DurationSub ? llvm::Intrinsic::ssub_with_overflow
                                                     : llvm::Intrinsic::smul_with_overflow;
      const bool scale = a.op == ArithOp::DurationMulInt;
      const Val months = checked(id, l.v, r.v, err);
      const Val days = checked(id, l.days, scale ? r.v : r.days, months.err);
      return Val{months.v, days.v, days.err, 0};
    }
  }
  (void)e;
  return Val{i64(0), nullptr, err, 0};
}

// a × b ÷ 10⁶ rounded half away from zero: inline when a × b ± 10⁶/2 fits in 64 bits (the
// division by a constant is then a multiplication), through the runtime otherwise, with the
// same result. Half away from zero is truncation of the product moved half a unit away from 0.
Val Lowerer::mul_scaled(llvm::Value* a, llvm::Value* c, llvm::Value* err_in) {
  llvm::Value* pair = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, a, c);
  llvm::Value* product = b_.CreateExtractValue(pair, 0);
  llvm::Value* sign = b_.CreateAShr(product, 63);  // 0 or -1
  llvm::Value* half = b_.CreateSub(b_.CreateXor(sign, i64(kDecimalScale / 2)), sign);
  llvm::Value* moved = b_.CreateBinaryIntrinsic(llvm::Intrinsic::sadd_with_overflow, product, half);
  llvm::Value* overflow =
      b_.CreateOr(b_.CreateExtractValue(pair, 1), b_.CreateExtractValue(moved, 1));
  llvm::Value* fast = b_.CreateSDiv(b_.CreateExtractValue(moved, 0), i64(kDecimalScale));
  llvm::BasicBlock* here = b_.GetInsertBlock();
  auto* slow = llvm::BasicBlock::Create(ctx_, "mul.wide", fn_);
  auto* join = llvm::BasicBlock::Create(ctx_, "mul.done", fn_);
  b_.CreateCondBr(overflow, slow, join, llvm::MDBuilder(ctx_).createBranchWeights(1, 1000));
  b_.SetInsertPoint(slow);
  const Val wide = call_helper("bareme_rt_mul_scaled", {a, c, i64(kDecimalScale), b_.getInt8(kHalfAway)}, err_in);
  llvm::BasicBlock* slow_end = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(join);
  return joined(Val{fast, nullptr, err_in, 0}, here, wide, slow_end);
}

Val Lowerer::convert(const ir::Convert& c) {
  const Val v = expr(*c.operand);
  if (c.op == ir::ConvertOp::RateToDecimal || v.wide) return v;  // one unit: 1
  return checked(llvm::Intrinsic::smul_with_overflow, v.v, i64(kDecimalScale), v.err);
}

Val Lowerer::expr(const ir::Expr& e) {
  const Val v = expr_node(e);
  return e.wide && !v.wide ? widened(v, e.type) : v;
}

Val Lowerer::expr_node(const ir::Expr& e) {
  if (runtime::stack_exhausted()) return too_deep(e.type);
  if (++lowered_ > kMaxLoweredExpressions) {
    unsupported(fmt::format("a scheme over {} 000 expressions once its functions are inlined at each call",
                            kMaxLoweredExpressions / 1000),
                e.span);
    return placeholder(e.type);
  }
  return std::visit(
      [&](const auto& n) -> Val {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, ir::Literal>) {
          // Texts are compared by their interned ids, which batches use too.
          runtime::Value v = runtime::Value::of(e.type.is(ir::TypeKind::Text) ? runtime::intern_text(n.text) : n.value);
          v.duration = n.duration;
          return constant(e.type, v);
        } else if constexpr (std::is_same_v<N, ir::InputRef>) {
          if (!inputs_[n.input]) inputs_[n.input] = input(n.input);
          return *inputs_[n.input];
        } else if constexpr (std::is_same_v<N, ir::ParamRef>) {
          if (!params_[n.param]) params_[n.param] = param(n.param);
          return *params_[n.param];
        } else if constexpr (std::is_same_v<N, ir::RuleRef>) {
          if (!rules_[n.rule]) rules_[n.rule] = expr(*p_.rules[n.rule].value);
          return *rules_[n.rule];
        } else if constexpr (std::is_same_v<N, ir::LocalRef>) {
          return locals_[n.slot];
        } else if constexpr (std::is_same_v<N, ir::SchemeRef>) {
          if (!schemes_[n.scheme]) scheme(n.scheme);
          const SchemeVals& s = *schemes_[n.scheme];
          return Val{n.what == ir::SchemeRef::What::Amount ? s.amount : s.eligible, nullptr, s.err, 0};
        } else if constexpr (std::is_same_v<N, ir::AidRef>) {
          if (!combines_[n.combine]) combine(n.combine);
          const CombineVals& c = *combines_[n.combine];
          return Val{n.when == ir::AidRef::When::After ? c.after[n.aid] : c.before[n.aid], nullptr, c.err, 0};
        } else if constexpr (std::is_same_v<N, ir::LevelRef>) {
          if (!levels_[n.level]) level(n.level);
          const LevelVals& l = *levels_[n.level];
          return Val{n.what == ir::LevelRef::What::Amount ? l.amount : l.eligible, nullptr, l.err, 0};
        } else if constexpr (std::is_same_v<N, ir::FieldRef>) {
          const Val record = expr(*n.record);
          llvm::Value* fields = column(record.list).fields;
          llvm::Value* column = b_.CreateConstGEP1_64(b_.getPtrTy(), fields, static_cast<uint64_t>(n.field) * 5);
          llvm::Value* values = load_ptr(column, 0);
          Val out{b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), values, record.v)), nullptr, record.err, 0};
          if (e.type.is(ir::TypeKind::Duration)) {
            out.days = b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), load_ptr(column, 1), record.v));
          }
          if (e.type.is(ir::TypeKind::Bool)) out.v = b_.CreateICmpNE(out.v, i64(0));
          return out;
        } else if constexpr (std::is_same_v<N, ir::Unary>) {
          const Val v = expr(*n.operand);
          if (n.op == ir::UnaryOp::Not) return Val{b_.CreateNot(v.v), nullptr, v.err, 0};
          if (v.wide) return wide_negate(v);
          const Val neg = checked(llvm::Intrinsic::ssub_with_overflow, i64(0), v.v, v.err);
          if (!e.type.is(ir::TypeKind::Duration)) return neg;
          const Val days = checked(llvm::Intrinsic::ssub_with_overflow, i64(0), v.days, neg.err);
          return Val{neg.v, days.v, days.err, 0};
        } else if constexpr (std::is_same_v<N, ir::Arith>) {
          return arith(e, n);
        } else if constexpr (std::is_same_v<N, ir::Compare>) {
          const Val l = expr(*n.lhs), r = expr(*n.rhs);
          return Val{compare(n.op, n.lhs->type, l, r), nullptr, first(l.err, r.err), 0};
        } else if constexpr (std::is_same_v<N, ir::Logic>) {
          const Val l = expr(*n.lhs), r = expr(*n.rhs);
          // `and` reads its right side only when the left holds; `or` only when it does not.
          llvm::Value* live = n.is_and ? l.v : b_.CreateNot(l.v);
          llvm::Value* v = n.is_and ? b_.CreateAnd(l.v, r.v) : b_.CreateOr(l.v, r.v);
          llvm::Value* err = first(l.err, only_if(live, r.err));
          // A left side that lacks an input is decided by a right side that does (§3.12).
          llvm::Value* decides = b_.CreateAnd(b_.CreateICmpEQ(r.err, no_error()), n.is_and ? b_.CreateNot(r.v) : r.v);
          llvm::Value* rescued = b_.CreateAnd(b_.CreateICmpEQ(l.err, i8(ErrorCode::MissingInput)), decides);
          return Val{b_.CreateSelect(rescued, b_.getInt1(!n.is_and), v), nullptr, b_.CreateSelect(rescued, no_error(), err), 0};
        } else if constexpr (std::is_same_v<N, ir::InSet>) {
          const Val v = expr(*n.value);
          llvm::Value* found = b_.getInt1(false);
          llvm::Value* err = v.err;
          for (const auto& element : n.elements) {
            const Val x = expr(*element);
            // Elements are read until one matches.
            err = first(err, only_if(b_.CreateNot(found), x.err));
            found = b_.CreateOr(found, compare(ir::CompareOp::Eq, n.value->type, v, x));
          }
          return Val{n.negated ? b_.CreateNot(found) : found, nullptr, err, 0};
        } else if constexpr (std::is_same_v<N, ir::If>) {
          const Val c = expr(*n.condition);
          const Val t = aligned(expr(*n.then_value), e.wide, e.type), f = aligned(expr(*n.else_value), e.wide, e.type);
          Val out{b_.CreateSelect(c.v, t.v, f.v), nullptr, first(c.err, b_.CreateSelect(c.v, t.err, f.err)), t.list};
          if (e.type.is(ir::TypeKind::Bool)) {
            // A test that lacks an input does not matter when both branches agree (§3.12).
            llvm::Value* agree = b_.CreateAnd(b_.CreateICmpEQ(b_.CreateOr(t.err, f.err), no_error()), b_.CreateICmpEQ(t.v, f.v));
            llvm::Value* rescued = b_.CreateAnd(b_.CreateICmpEQ(c.err, i8(ErrorCode::MissingInput)), agree);
            out.err = b_.CreateSelect(rescued, no_error(), out.err);
          }
          out.wide = e.wide;
          if (e.type.is(ir::TypeKind::List) && (t.list != f.list || t.filters != f.filters)) unsupported("a choice between two different lists", e.span);
          if (e.type.is(ir::TypeKind::Duration) || e.type.is(ir::TypeKind::List)) out.days = b_.CreateSelect(c.v, t.days, f.days);
          return out;
        } else if constexpr (std::is_same_v<N, ir::Match>) {
          const Val s = expr(*n.scrutinee);
          Val out{nullptr, nullptr, nullptr, 0};
          // The last arm is the fallback: the match is exhaustive.
          for (auto it = n.arms.rbegin(); it != n.arms.rend(); ++it) {
            const Val v = aligned(expr(*it->value), e.wide, e.type);
            if (out.v == nullptr) {
              out = v;
              continue;
            }
            llvm::Value* hit = b_.getInt1(false);
            for (ir::Index c : it->cases) hit = b_.CreateOr(hit, b_.CreateICmpEQ(s.v, i64(c)));
            out.v = b_.CreateSelect(hit, v.v, out.v);
            if (e.type.is(ir::TypeKind::List) && (v.list != out.list || v.filters != out.filters)) unsupported("a choice between two different lists", e.span);
            if (e.type.is(ir::TypeKind::Duration) || e.type.is(ir::TypeKind::List)) out.days = b_.CreateSelect(hit, v.days, out.days);
            out.err = b_.CreateSelect(hit, v.err, out.err);
          }
          out.err = first(s.err, out.err);
          return out;
        } else if constexpr (std::is_same_v<N, ir::Convert>) {
          return convert(n);
        } else if constexpr (std::is_same_v<N, ir::Builtin>) {
          return builtin(n);
        } else if constexpr (std::is_same_v<N, ir::TableCall>) {
          return table(n);
        } else if constexpr (std::is_same_v<N, ir::FunctionCall>) {
          return function(n);
        } else if constexpr (std::is_same_v<N, ir::Comprehension>) {
          return comprehension(e, n);
        } else if constexpr (std::is_same_v<N, ir::Cap>) {
          const Val v = aligned(expr(*n.value), e.wide, e.type), lim = aligned(expr(*n.limit), e.wide, e.type);
          Val out{b_.CreateSelect(b_.CreateICmpSLT(lim.v, v.v), lim.v, v.v), nullptr, first(v.err, lim.err), 0};
          out.wide = e.wide;
          return out;
        } else if constexpr (std::is_same_v<N, ir::NotApplicable>) {
          // An outcome carried like an error code; a scheme or combine turns it into a refusal or 0 €.
          Val out = constant(e.type, runtime::Value::of(int64_t{0}));
          out.err = i8(ErrorCode::NotApplicable);
          return out;
        } else {
          unsupported("a list or record written in the scheme", e.span);
          return Val{i64(0), i64(0), no_error(), 0};
        }
      },
      e.node);
}

}  // namespace bareme::jit
