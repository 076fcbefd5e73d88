// Tables over one enum argument with constant cells and outputs, lowered to loads from constant
// arrays indexed by the enum's case: one load instead of a comparison per row.
#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>

#include <algorithm>

#include "jit/lowering.hpp"
#include "runtime/errors.hpp"

namespace bareme::jit {
namespace {

using runtime::ErrorCode;

std::optional<int64_t> constant_of(llvm::Value* v) {
  if (auto* c = llvm::dyn_cast_or_null<llvm::ConstantInt>(v)) return c->getSExtValue();
  return std::nullopt;
}

bool no_error_in(const Val& v) {
  return constant_of(v.err) == 0;
}

bool is_literal(const ir::Expr& e) {
  return std::holds_alternative<ir::Literal>(e.node);
}

// Every cell a set of literal cases (or any case), every output a literal.
bool all_literal(const ir::Table& t) {
  for (const auto& row : t.rows) {
    const auto& cell = row.cells[0];
    if (cell.kind == ir::TableCell::Kind::Range || !is_literal(*row.output)) return false;
    for (const auto& value : cell.values) {
      if (!is_literal(*value)) return false;
    }
  }
  return true;
}

// What the table gives for one case: its value and days, or an error.
struct Entry {
  int64_t value = 0, days = 0;
  ErrorCode err = ErrorCode::None;
};

}  // namespace

std::optional<Val> Lowerer::enum_lookup(const ir::Table& t, const Val& arg, bool proven) {
  if (t.params.size() != 1 || !t.params[0].type.is(ir::TypeKind::Enum) || arg.days != nullptr)
    return std::nullopt;
  const bool collect = t.hit == ir::HitPolicy::CollectSum || t.hit == ir::HitPolicy::CollectMin ||
                       t.hit == ir::HitPolicy::CollectMax;
  if (t.result.is(ir::TypeKind::Bool) || (collect && t.result.is(ir::TypeKind::Duration)) ||
      t.hit == ir::HitPolicy::CollectSum || !all_literal(t))
    return std::nullopt;
  const int64_t cases = static_cast<int64_t>(p_.enums[t.params[0].type.ref].cases.size());
  // Each row: the cases it matches (empty: any case), and its output.
  struct Row {
    std::vector<int64_t> cases;
    bool any;
    Entry out;
  };
  std::vector<Row> rows;
  for (const auto& row : t.rows) {
    const auto& cell = row.cells[0];
    Row r{{}, cell.kind == ir::TableCell::Kind::Any, {}};
    for (const auto& value : cell.values) {
      const Val x = expr(*value);
      const auto c = constant_of(x.v);
      if (!c || !no_error_in(x)) return std::nullopt;
      r.cases.push_back(*c);
    }
    const Val out = expr(*row.output);
    const auto value = constant_of(out.v);
    const auto days = out.days ? constant_of(out.days) : std::optional<int64_t>(0);
    if (!value || !days || !no_error_in(out)) return std::nullopt;
    r.out = Entry{*value, *days, ErrorCode::None};
    rows.push_back(std::move(r));
  }
  // The entry of each case, and of any other ordinal at index `cases`, as the row scan gives it.
  std::vector<Entry> entries;
  for (int64_t k = 0; k <= cases; ++k) {
    std::vector<const Entry*> hits;
    for (const auto& r : rows) {
      if (r.any || std::find(r.cases.begin(), r.cases.end(), k) != r.cases.end())
        hits.push_back(&r.out);
    }
    Entry e;
    const bool first_hit = t.hit == ir::HitPolicy::First || proven;
    if (hits.empty() && !proven) {
      e.err = ErrorCode::NoTableMatch;
    } else if (t.hit == ir::HitPolicy::Unique && !proven && hits.size() > 1) {
      e.err = ErrorCode::AmbiguousTableMatch;
    } else if (!hits.empty() && (first_hit || t.hit == ir::HitPolicy::Unique)) {
      e = *hits.front();
    } else if (!hits.empty()) {  // collect min or max: the first of the best
      e = *hits.front();
      for (const Entry* h : hits) {
        const bool better =
            t.hit == ir::HitPolicy::CollectMin ? h->value < e.value : h->value > e.value;
        if (better) e = *h;
      }
    }
    entries.push_back(e);
  }
  auto array = [&](llvm::Type* type, auto field) -> llvm::Value* {
    std::vector<llvm::Constant*> items;
    for (const auto& e : entries)
      items.push_back(llvm::ConstantInt::get(type, static_cast<uint64_t>(field(e)), true));
    auto* array_type = llvm::ArrayType::get(type, items.size());
    auto* global =
        new llvm::GlobalVariable(mod_, array_type, true, llvm::GlobalValue::PrivateLinkage,
                                 llvm::ConstantArray::get(array_type, items), "table." + t.name);
    global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return global;
  };
  // An ordinal outside the enum (only a hand-made batch has one) reads the last entry.
  llvm::Value* index = b_.CreateSelect(b_.CreateICmpULT(arg.v, i64(cases)), arg.v, i64(cases));
  auto load = [&](llvm::Type* type, llvm::Value* global) {
    return b_.CreateLoad(type, b_.CreateInBoundsGEP(type, global, index));
  };
  Val result{load(b_.getInt64Ty(), array(b_.getInt64Ty(), [](const Entry& e) { return e.value; })),
             nullptr, arg.err, 0};
  if (t.result.is(ir::TypeKind::Duration))
    result.days =
        load(b_.getInt64Ty(), array(b_.getInt64Ty(), [](const Entry& e) { return e.days; }));
  if (std::any_of(entries.begin(), entries.end(),
                  [](const Entry& e) { return e.err != ErrorCode::None; })) {
    llvm::Value* err =
        load(b_.getInt8Ty(),
             array(b_.getInt8Ty(), [](const Entry& e) { return static_cast<int64_t>(e.err); }));
    result.err = first(arg.err, err);
  }
  return result;
}

}  // namespace bareme::jit
