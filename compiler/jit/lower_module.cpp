// Lowering definitions: helpers, the dependency order of what a row computes, inputs,
// parameters, a scheme's outcome and its combines.
#include <fmt/format.h>

#include <algorithm>

#include "ir/walk.hpp"
#include "jit/lowering.hpp"
#include "runtime/batch.hpp"
#include "runtime/errors.hpp"
#include "runtime/stack_guard.hpp"
#include "runtime/text_intern.hpp"

namespace bareme::jit {

using runtime::ErrorCode;

llvm::Value* Lowerer::first(llvm::Value* a, llvm::Value* c) {
  return b_.CreateSelect(b_.CreateICmpNE(a, no_error()), a, c);
}

llvm::Value* Lowerer::not_applicable(llvm::Value* err) { return b_.CreateICmpEQ(err, i8(ErrorCode::NotApplicable)); }

// A program without `not applicable` is lowered as if the outcome did not exist: no instruction
// spent on it in every row of the schemes that never use it.
bool Lowerer::partial() const { return p_.has_not_applicable; }

llvm::Value* Lowerer::only_if(llvm::Value* live, llvm::Value* err) { return b_.CreateSelect(live, err, no_error()); }

llvm::Value* Lowerer::truthy(const Val& v) {
  return v.v->getType()->isIntegerTy(1) ? v.v : b_.CreateICmpNE(v.v, i64(0));
}

const Lowerer::InputColumns& Lowerer::column(ir::Index i) {
  if (!columns_[i]) {
    llvm::IRBuilder<> at(entry_->getTerminator());
    auto load = [&](llvm::Value* base, uint64_t k) {
      return at.CreateLoad(at.getPtrTy(), at.CreateConstGEP1_64(at.getPtrTy(), base, k));
    };
    llvm::Value* base = at.CreateConstGEP1_64(at.getPtrTy(), columns_base_, static_cast<uint64_t>(i) * 5);
    columns_[i] = InputColumns{load(base, 0), load(base, 1), load(base, 2), load(base, 3), load(base, 4)};
  }
  return *columns_[i];
}

llvm::Value* Lowerer::load_ptr(llvm::Value* base, int64_t index) {
  return b_.CreateLoad(b_.getPtrTy(), b_.CreateConstGEP1_64(b_.getPtrTy(), base, static_cast<uint64_t>(index)));
}

Val Lowerer::constant(ir::Type type, const runtime::Value& v) {
  // A text is compared by its interned id; a value without text already holds its id.
  const int64_t scalar = type.is(ir::TypeKind::Text) && v.text ? runtime::intern_text(*v.text) : v.scalar;
  Val out{i64(scalar), nullptr, no_error(), 0};
  if (v.wide) {
    const auto bits = static_cast<unsigned __int128>(v.exact);
    const uint64_t words[2] = {static_cast<uint64_t>(bits), static_cast<uint64_t>(bits >> 64)};
    return Val{b_.getInt(llvm::APInt(128, words)), nullptr, no_error(), 0, {}, true};
  }
  if (type.is(ir::TypeKind::Duration)) {
    out.v = i64(v.duration.months);
    out.days = i64(v.duration.days);
  }
  if (type.is(ir::TypeKind::Bool)) out.v = b_.getInt1(v.scalar != 0);
  return out;
}

llvm::FunctionCallee Lowerer::pure_function(const char* name, llvm::Type* result, size_t arity) {
  std::vector<llvm::Type*> types(arity, b_.getInt64Ty());
  auto callee = mod_.getOrInsertFunction(name, llvm::FunctionType::get(result, types, false));
  if (auto* f = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    // The runtime helpers read and write no memory: calls may be hoisted out of loops and merged.
    f->setMemoryEffects(llvm::MemoryEffects::none());
    f->setDoesNotThrow();
    f->setWillReturn();
    f->addFnAttr(llvm::Attribute::Speculatable);
  }
  return callee;
}

Val Lowerer::too_deep(ir::Type type) {
  unsupported("functions or definitions chained too deeply for the stack of the compiling thread", {});
  Val out = constant(type, runtime::Value::of(int64_t{0}));
  if (!out.days) out.days = i64(0);
  return out;
}

Val Lowerer::call_helper(const char* name, std::vector<llvm::Value*> args, llvm::Value* err_in) {
  for (auto*& a : args) {
    if (a->getType() != b_.getInt64Ty()) a = b_.CreateZExt(a, b_.getInt64Ty());
  }
  llvm::Value* packed = b_.CreateCall(pure_function(name, b_.getInt128Ty(), args.size()), args);
  llvm::Value* v = b_.CreateTrunc(packed, b_.getInt64Ty());
  llvm::Value* err = b_.CreateTrunc(b_.CreateLShr(packed, 64), b_.getInt8Ty());
  return Val{v, nullptr, first(err_in, err), 0};
}

// ---------------------------------------------------------------- dependency order

void Lowerer::dependencies(const ir::Expr& e, std::vector<Node>& out) {
  if (runtime::stack_exhausted()) {
    too_deep(e.type);
    return;
  }
  std::visit(
      [&](const auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, ir::InputRef>) out.push_back({NodeKind::Input, n.input});
        if constexpr (std::is_same_v<N, ir::ParamRef>) out.push_back({NodeKind::Param, n.param});
        if constexpr (std::is_same_v<N, ir::RuleRef>) out.push_back({NodeKind::Rule, n.rule});
        if constexpr (std::is_same_v<N, ir::SchemeRef>) out.push_back({NodeKind::Scheme, n.scheme});
        if constexpr (std::is_same_v<N, ir::AidRef>) out.push_back({NodeKind::Combine, n.combine});
        if constexpr (std::is_same_v<N, ir::LevelRef>) out.push_back({NodeKind::Level, n.level});
        // A function or table already walked for this list adds nothing new (and walking each call
        // of functions calling each other several times would take exponential time).
        if constexpr (std::is_same_v<N, ir::FunctionCall>) {
          if (walked_.insert({0, n.function}).second) dependencies(*p_.functions[n.function].body, out);
        }
        if constexpr (std::is_same_v<N, ir::TableCall>) {
          if (!walked_.insert({1, n.table}).second) return;
          for (const auto& row : p_.tables[n.table].rows) {
            for (const auto& cell : row.cells) {
              if (cell.lower) dependencies(*cell.lower->value, out);
              if (cell.upper) dependencies(*cell.upper->value, out);
              for (const auto& v : cell.values) dependencies(*v, out);
            }
            dependencies(*row.output, out);
          }
        }
      },
      e.node);
  ir::for_each_child(e, [&](const ir::Expr& child) { dependencies(child, out); });
}

void Lowerer::direct_dependencies(Node n, std::vector<Node>& deps) {
  walked_.clear();
  switch (n.kind) {
    case NodeKind::Input:
      if (const auto& d = p_.inputs[n.index].default_value) dependencies(*d, deps);
      break;
    case NodeKind::Param:
      for (const auto& period : p_.params[n.index].periods) dependencies(*period.value, deps);
      break;
    case NodeKind::Rule: dependencies(*p_.rules[n.index].value, deps); break;
    case NodeKind::Scheme: {
      const auto& s = p_.schemes[n.index];
      for (const auto& c : s.conditions) dependencies(*c.test, deps);
      if (s.amount) dependencies(*s.amount, deps);
      break;
    }
    case NodeKind::Combine:
      for (const auto& a : p_.combines[n.index].aids) dependencies(*a.amount, deps);
      for (const auto& c : p_.combines[n.index].caps) {
        dependencies(*c.limit, deps);
        if (c.when) dependencies(*c.when, deps);
      }
      break;
    case NodeKind::Level:
      for (const auto& m : p_.levels[n.index].members) {
        deps.push_back({m.kind == ir::LevelMember::Kind::Scheme ? NodeKind::Scheme : NodeKind::Level, m.index});
      }
      break;
  }
}

void Lowerer::order(Node root, std::vector<Node>& out, std::vector<Node>& seen) {
  // Depth first with an explicit stack (a chain of definitions may be as long as the input says):
  // a definition is appended after everything it reads.
  auto index = [&](Node n) -> size_t {
    switch (n.kind) {
      case NodeKind::Input: return n.index;
      case NodeKind::Param: return p_.inputs.size() + n.index;
      case NodeKind::Rule: return p_.inputs.size() + p_.params.size() + n.index;
      case NodeKind::Scheme: return p_.inputs.size() + p_.params.size() + p_.rules.size() + n.index;
      case NodeKind::Combine: return p_.inputs.size() + p_.params.size() + p_.rules.size() + p_.schemes.size() + n.index;
      case NodeKind::Level: break;
    }
    return p_.inputs.size() + p_.params.size() + p_.rules.size() + p_.schemes.size() + p_.combines.size() + n.index;
  };
  std::vector<bool> visited(p_.inputs.size() + p_.params.size() + p_.rules.size() + p_.schemes.size() +
                            p_.combines.size() + p_.levels.size());
  for (const Node& n : seen) visited[index(n)] = true;
  struct Visit {
    Node node;
    std::vector<Node> deps;
    size_t next = 0;
  };
  std::vector<Visit> stack;
  auto enter = [&](Node n) {
    if (visited[index(n)]) return;
    visited[index(n)] = true;
    seen.push_back(n);
    Visit v{n, {}, 0};
    direct_dependencies(n, v.deps);
    stack.push_back(std::move(v));
  };
  enter(root);
  while (!stack.empty()) {
    Visit& top = stack.back();
    if (top.next < top.deps.size()) {
      enter(top.deps[top.next++]);
      continue;
    }
    out.push_back(top.node);
    stack.pop_back();
  }
}

void Lowerer::compute(Node n) {
  switch (n.kind) {
    case NodeKind::Input: inputs_[n.index] = input(n.index); break;
    case NodeKind::Param: params_[n.index] = param(n.index); break;
    case NodeKind::Rule: rules_[n.index] = expr(*p_.rules[n.index].value); break;
    case NodeKind::Scheme: scheme(n.index); break;
    case NodeKind::Combine: combine(n.index); break;
    case NodeKind::Level: level(n.index); break;
  }
}

// ---------------------------------------------------------------- definitions

llvm::Value* Lowerer::present(ir::Index i) {
  // The dense variant holds for inputs; a definition declared `unless given` may still be absent.
  if (all_present_ && !p_.inputs[i].definition) return b_.getInt1(true);
  const auto& col = column(i);
  // A null `present` array means every row has the input: read a constant 1 instead.
  static const char* kOne = "bareme.one";
  llvm::GlobalVariable* one = mod_.getGlobalVariable(kOne, true);
  if (one == nullptr) {
    one = new llvm::GlobalVariable(mod_, b_.getInt8Ty(), true, llvm::GlobalValue::PrivateLinkage, b_.getInt8(1), kOne);
  }
  llvm::Value* all = b_.CreateICmpEQ(col.present, llvm::ConstantPointerNull::get(b_.getPtrTy()));
  llvm::Value* base = b_.CreateSelect(all, one, col.present);
  llvm::Value* index = b_.CreateSelect(all, i64(0), row_);
  return b_.CreateICmpNE(b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), base, index)), b_.getInt8(0));
}

Val Lowerer::input(ir::Index i) {
  const auto& in = p_.inputs[i];
  const auto& col = column(i);
  llvm::Value* present = this->present(i);
  // A value outside the bounds, given or from the default, is InputOutOfRange unless reading
  // it already failed (as the interpreter checks the value once it has one).
  auto bounded = [&](Val v) {
    if (!in.at_least && !in.at_most && !in.values) return v;
    llvm::Value* outside = b_.getInt1(false);
    if (in.values) {
      // `one of`: one bit test in the set of the values' interned ids (runtime::text_set).
      llvm::Value* known = b_.CreateCall(pure_function("bareme_rt_text_known", b_.getInt64Ty(), 2),
                                         {i64(runtime::text_set(in.values, in.values_hash)), v.v});
      outside = b_.CreateICmpEQ(known, i64(0));
    }
    if (in.at_least) {
      outside = b_.CreateOr(outside, compare(ir::CompareOp::Lt, in.type, v, constant(in.type, runtime::Value::of(*in.at_least))));
    }
    if (in.at_most) {
      outside = b_.CreateOr(outside, compare(ir::CompareOp::Gt, in.type, v, constant(in.type, runtime::Value::of(*in.at_most))));
    }
    v.err = first(v.err, b_.CreateSelect(outside, i8(ErrorCode::InputOutOfRange), no_error()));
    return v;
  };
  Val loaded;
  if (in.type.is(ir::TypeKind::List)) {
    // Element range; an absent list reads offsets it must not, so it reads row 0 instead.
    llvm::Value* at = b_.CreateSelect(present, row_, i64(0));
    loaded.v = b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), col.offsets, at));
    loaded.days = b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), col.offsets, b_.CreateAdd(at, i64(1))));
    loaded.list = i;
  } else if (in.type.is(ir::TypeKind::Record)) {
    unsupported(fmt::format("input `{}` of type {}", in.name, type_name(p_, in.type)), in.span);
    return Val{i64(0), i64(0), no_error(), 0};
  } else {
    llvm::Value* at = b_.CreateSelect(present, row_, i64(0));
    loaded.v = b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), col.values, at));
    if (in.type.is(ir::TypeKind::Duration)) {
      loaded.days = b_.CreateLoad(b_.getInt64Ty(), b_.CreateGEP(b_.getInt64Ty(), col.days, at));
    }
    if (in.type.is(ir::TypeKind::Bool)) loaded.v = b_.CreateICmpNE(loaded.v, i64(0));
  }
  if (in.default_value) {
    if (in.type.is(ir::TypeKind::List)) {
      // An absent list with the default `[]` is the empty range.
      const auto* items = std::get_if<ir::ListLiteral>(&in.default_value->node);
      if (items == nullptr || !items->items.empty()) {
        unsupported(fmt::format("list input `{}` with a default other than []", in.name), in.default_value->span);
      }
      loaded.v = b_.CreateSelect(present, loaded.v, i64(0));
      loaded.days = b_.CreateSelect(present, loaded.days, i64(0));
      loaded.err = no_error();
      return loaded;
    }
    const Val d = expr(*in.default_value);
    // A default that is an exact intermediate: the given value is widened to match.
    if (d.wide) loaded = widened(loaded, in.type);
    Val out{b_.CreateSelect(present, loaded.v, d.v), nullptr, b_.CreateSelect(present, no_error(), d.err), loaded.list,
            {}, d.wide};
    if (loaded.days) out.days = b_.CreateSelect(present, loaded.days, d.days ? d.days : i64(0));
    return bounded(out);
  }
  loaded.err = b_.CreateSelect(present, no_error(), i8(ErrorCode::MissingInput));
  return bounded(loaded);
}

Val Lowerer::param(ir::Index i) {
  const auto& p = p_.params[i];
  if (i < overrides_.size() && overrides_[i]) return constant(p.type, *overrides_[i]);
  const bool dated = p.periods.size() != 1 || p.periods[0].from || p.periods[0].until;
  if (!dated) return expr(*p.periods[0].value);
  // The value of the period that holds the evaluation date; periods do not overlap.
  Val out{i64(0), p.type.is(ir::TypeKind::Duration) ? i64(0) : nullptr, param_error(ErrorCode::NoParamValue, i), 0};
  if (p.type.is(ir::TypeKind::Bool)) out.v = b_.getInt1(false);
  for (const auto& period : p.periods) {
    llvm::Value* inside = b_.getInt1(true);
    if (period.from) inside = b_.CreateAnd(inside, b_.CreateICmpSGE(as_of_, i64(*period.from)));
    if (period.until) inside = b_.CreateAnd(inside, b_.CreateICmpSLE(as_of_, i64(*period.until)));
    const Val v = expr(*period.value);
    out.v = b_.CreateSelect(inside, v.v, out.v);
    if (out.days) out.days = b_.CreateSelect(inside, v.days, out.days);
    out.err = b_.CreateSelect(inside, v.err, out.err);
  }
  out.err = b_.CreateSelect(has_as_of_, out.err, param_error(ErrorCode::NoEvaluationDate, i));
  return out;
}

static_assert(Lowerer::kParamErrors + 2 * runtime::kDetailedParams <= 256, "the error byte holds them");
static_assert(static_cast<uint8_t>(ErrorCode::NotApplicable) < Lowerer::kParamErrors, "public codes come first");

llvm::Value* Lowerer::param_error(ErrorCode code, ir::Index param) {
  if (param >= runtime::kDetailedParams) return i8(code);
  const unsigned base = kParamErrors + (code == ErrorCode::NoParamValue ? 0 : runtime::kDetailedParams);
  params_named_ = true;
  return b_.getInt8(static_cast<uint8_t>(base + param));
}

llvm::Value* Lowerer::public_error(llvm::Value* err) {
  // An error lowered before any parameter error was cannot hold one.
  if (!params_named_) return err;
  if (auto* c = llvm::dyn_cast<llvm::ConstantInt>(err); c && c->getZExtValue() < kParamErrors) return err;
  static_assert(static_cast<int>(ErrorCode::NoEvaluationDate) == static_cast<int>(ErrorCode::NoParamValue) + 1);
  llvm::Value* dated = b_.CreateICmpULT(err, b_.getInt8(kParamErrors + runtime::kDetailedParams));
  llvm::Value* code = b_.CreateSelect(dated, i8(ErrorCode::NoParamValue), i8(ErrorCode::NoEvaluationDate));
  return b_.CreateSelect(b_.CreateICmpULT(err, b_.getInt8(kParamErrors)), err, code);
}

llvm::Value* Lowerer::error_detail(llvm::Value* err) {
  // (param + 1) << 32 | the evaluation date's low 32 bits, as runtime::param_error_detail.
  llvm::Value* byte = b_.CreateZExt(err, b_.getInt64Ty());
  llvm::Value* about_param = b_.CreateICmpUGE(byte, i64(kParamErrors));
  llvm::Value* dated = b_.CreateICmpULT(byte, i64(kParamErrors + runtime::kDetailedParams));
  llvm::Value* param = b_.CreateSub(byte, b_.CreateSelect(dated, i64(kParamErrors),
                                                          i64(kParamErrors + runtime::kDetailedParams)));
  llvm::Value* date = b_.CreateSelect(dated, b_.CreateAnd(as_of_, i64(0xffffffff)), i64(0));
  llvm::Value* detail = b_.CreateOr(b_.CreateShl(b_.CreateAdd(param, i64(1)), 32), date);
  return b_.CreateSelect(about_param, detail, i64(0));
}

void Lowerer::refuse_unless(std::vector<llvm::Value*>& failed, size_t k, llvm::Value* holds) {
  const auto bit = static_cast<int64_t>(uint64_t{1} << (k % 64));
  failed[k / 64] = b_.CreateOr(failed[k / 64], b_.CreateSelect(holds, i64(0), i64(bit)));
}

Lowerer::ConditionsVals Lowerer::no_conditions() {
  return {no_error(), b_.getInt1(false), b_.getInt1(false)};
}

llvm::Value* Lowerer::condition(const ir::Expr& test, ConditionsVals& acc) {
  const Val c = expr(test);
  llvm::Value* ok = b_.CreateICmpEQ(c.err, no_error());
  llvm::Value* missing = b_.CreateICmpEQ(c.err, i8(ErrorCode::MissingInput));
  llvm::Value* fails = b_.CreateAnd(ok, b_.CreateNot(c.v));
  llvm::Value* other = b_.CreateNot(b_.CreateOr(ok, missing));
  if (partial()) {
    // A condition that is not applicable is refused, not an error.
    llvm::Value* na = not_applicable(c.err);
    acc.err = first(acc.err, b_.CreateSelect(na, no_error(), c.err));
    fails = b_.CreateOr(fails, na);
    other = b_.CreateAnd(other, b_.CreateNot(na));
  } else {
    acc.err = first(acc.err, c.err);
  }
  acc.refuted = b_.CreateOr(acc.refuted, fails);
  acc.blocking = b_.CreateOr(acc.blocking, other);
  return b_.CreateNot(fails);
}

llvm::Value* Lowerer::conditions_error(const ConditionsVals& acc) {
  return b_.CreateSelect(b_.CreateAnd(acc.refuted, b_.CreateNot(acc.blocking)), no_error(), acc.err);
}

void Lowerer::scheme_amount(const ir::Scheme& s, SchemeVals& out) {
  if (!s.amount) return;
  const Val a = amount_when(out.eligible, *s.amount, s.rounding);
  if (!partial()) {
    out.err = first(out.err, only_if(out.eligible, a.err));
  } else {
    llvm::Value* na = b_.CreateAnd(out.eligible, not_applicable(a.err));
    out.err = first(out.err, only_if(b_.CreateAnd(out.eligible, b_.CreateNot(na)), a.err));
    refuse_unless(out.failed, s.conditions.size(), b_.CreateNot(na));
    out.eligible = b_.CreateAnd(out.eligible, b_.CreateNot(na));
  }
  out.amount = b_.CreateSelect(out.eligible, a.v, i64(0));
}

void Lowerer::scheme(ir::Index i) {
  if (guards_ && guarded_scheme(i)) return;
  const auto& s = p_.schemes[i];
  // One bit per condition, and one after them for an amount that is not applicable.
  SchemeVals out{b_.getInt1(true), i64(0),
                 std::vector<llvm::Value*>(runtime::failed_words(s.conditions.size() + 1), i64(0)), no_error()};
  ConditionsVals acc = no_conditions();
  for (size_t k = 0; k < s.conditions.size(); ++k) {
    llvm::Value* holds = condition(*s.conditions[k].test, acc);
    out.eligible = b_.CreateAnd(out.eligible, holds);
    refuse_unless(out.failed, k, holds);
  }
  out.err = conditions_error(acc);
  scheme_amount(s, out);
  scheme_events(i, out.eligible, out.amount, out.err);
  schemes_[i] = out;
}

// A scheme's amount at rest. In a catalogue's one function (`branch_amounts_`), computed only in
// the rows where the scheme is eligible: most aids of a catalogue fail their territory test in
// most rows, and an amount (exact products, narrowing calls) costs far more than its branch
// (the aides-vélo rows ran about 20 % faster). Its value and error are read only where
// `eligible` holds; the other rows read zero and no error.
Val Lowerer::amount_when(llvm::Value* eligible, const ir::Expr& amount, runtime::RoundMode mode) {
  if (!branch_amounts_) return at_rest(expr(amount), amount.type, mode);
  llvm::BasicBlock* before = b_.GetInsertBlock();
  auto* compute = llvm::BasicBlock::Create(ctx_, "amount", fn_);
  auto* after = llvm::BasicBlock::Create(ctx_, "amount.done", fn_);
  b_.CreateCondBr(eligible, compute, after);
  b_.SetInsertPoint(compute);
  const Val a = at_rest(expr(amount), amount.type, mode);
  llvm::BasicBlock* computed = b_.GetInsertBlock();
  b_.CreateBr(after);
  b_.SetInsertPoint(after);
  auto merge = [&](llvm::Value* v, llvm::Value* otherwise) -> llvm::Value* {
    if (v == nullptr) return nullptr;
    auto* phi = b_.CreatePHI(v->getType(), 2);
    phi->addIncoming(v, computed);
    phi->addIncoming(otherwise, before);
    return phi;
  };
  Val out = a;
  out.v = merge(a.v, llvm::Constant::getNullValue(a.v->getType()));
  out.days = merge(a.days, a.days ? llvm::Constant::getNullValue(a.days->getType()) : nullptr);
  out.err = merge(a.err, no_error());
  return out;
}

}  // namespace bareme::jit
