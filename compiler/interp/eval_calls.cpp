// Tables with every hit policy, functions, built-ins, list comprehensions and caps.
#include <fmt/format.h>

#include <algorithm>

#include "interp/evaluator.hpp"

namespace bareme::interp {

Value Evaluator::table(const ir::Expr& e, const ir::TableCall& call) {
  const auto& t = program_.tables[call.table];
  std::vector<Value> args;
  for (const auto& a : call.args) args.push_back(eval(*a));
  std::optional<size_t> node;
  if (tracing_) node = open_node(TraceNode::Kind::Table, t.name, t.citation, e.span);
  // Cells and outputs read the table's parameters as locals 0..n-1 (a function's way).
  auto saved_locals = std::move(locals_);
  locals_ = args;
  std::vector<size_t> hits;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    bool match = true;
    for (size_t c = 0; match && c < t.rows[r].cells.size(); ++c) {
      const auto& cell = t.rows[r].cells[c];
      const Value& arg = args[c];
      switch (cell.kind) {
        case ir::TableCell::Kind::Any: break;
        case ir::TableCell::Kind::Range:
          if (cell.lower) {
            const int o = order(t.params[c].type, arg, eval(*cell.lower->value));
            match = cell.lower->inclusive ? o >= 0 : o > 0;
          }
          if (match && cell.upper) {
            const int o = order(t.params[c].type, arg, eval(*cell.upper->value));
            match = cell.upper->inclusive ? o <= 0 : o < 0;
          }
          break;
        case ir::TableCell::Kind::OneOf:
          match = std::any_of(cell.values.begin(), cell.values.end(),
                              [&](const auto& v) { return equal(t.params[c].type, arg, eval(*v)); });
          break;
      }
    }
    if (match) {
      hits.push_back(r);
      if (t.hit == ir::HitPolicy::First) break;
    }
  }
  if (coverage_) {
    for (size_t r = 0; r < t.rows.size(); ++r) covered(&t.rows[r], std::find(hits.begin(), hits.end(), r) != hits.end());
  }
  std::string args_text;
  for (size_t c = 0; c < args.size(); ++c) {
    args_text += fmt::format("{}{} = {}", c ? ", " : "", t.params[c].name, show(t.params[c].type, args[c]));
  }
  const bool collect = t.hit == ir::HitPolicy::CollectSum || t.hit == ir::HitPolicy::CollectMin ||
                       t.hit == ir::HitPolicy::CollectMax;
  if (hits.empty() && t.hit != ir::HitPolicy::CollectSum) {
    fail(ErrorCode::NoTableMatch, e.span, fmt::format("no row of table `{}` matches {}", t.name, args_text));
  }
  if (hits.size() > 1 && t.hit == ir::HitPolicy::Unique) {
    fail(ErrorCode::AmbiguousTableMatch, e.span,
         fmt::format("rows {} and {} of unique table `{}` both match {}", hits[0] + 1, hits[1] + 1, t.name, args_text));
  }
  Value result = collect ? (e.wide ? Value::of_wide(0) : Value::of(0)) : eval(*t.rows[hits.front()].output);
  if (collect) {
    for (size_t k = 0; k < hits.size(); ++k) {
      const Value v = eval(*t.rows[hits[k]].output);
      if (t.hit == ir::HitPolicy::CollectSum) {
        result = add(t.result, result, v, e.span, "summing the table's rows");
      } else if (k == 0 || (t.hit == ir::HitPolicy::CollectMin ? order(t.result, v, result) < 0
                                                                 : order(t.result, v, result) > 0)) {
        result = v;
      }
    }
  }
  locals_ = std::move(saved_locals);
  if (node) {
    std::string rows;
    for (size_t h : hits) rows += (rows.empty() ? "" : ", ") + std::to_string(h + 1);
    close_node(*node, show(t.result, result),
               fmt::format("{}: {} {}", args_text, hits.size() == 1 ? "row" : "rows", rows.empty() ? "none" : rows));
  }
  return result;
}

namespace {

// Appends an exact image of `v` to `key`: equal images for equal values of one type.
void append_key(std::string& key, const Value& v) {
  auto put = [&](int64_t x) { key.append(reinterpret_cast<const char*>(&x), sizeof x); };
  put(v.scalar);
  put(v.wide ? 1 : 0);
  put(static_cast<int64_t>(v.exact >> 64));
  put(static_cast<int64_t>(v.exact));
  put(v.duration.months);
  put(v.duration.days);
  if (v.text) {
    put(static_cast<int64_t>(v.text->size()));
    key += *v.text;
  }
  put(static_cast<int64_t>(v.elements().size()));
  for (const Value& item : v.elements()) append_key(key, item);
}

}  // namespace

Value Evaluator::function(const ir::Expr& e, const ir::FunctionCall& call) {
  const auto& f = program_.functions[call.function];
  std::vector<Value> args;
  for (const auto& a : call.args) args.push_back(eval(*a));
  // A call with arguments already seen in this evaluation is not computed again (functions read
  // only their arguments and definitions fixed for the evaluation).
  std::string key;
  append_key(key, Value::of(static_cast<int64_t>(call.function)));
  for (const Value& a : args) append_key(key, a);
  if (const auto it = calls_.find(key); it != calls_.end()) {
    if (it->second.node) link(*it->second.node);
    return it->second.value;
  }
  std::optional<size_t> node;
  if (tracing_) node = open_node(TraceNode::Kind::Function, f.name, f.citation, e.span);
  auto saved = std::move(locals_);
  locals_ = args;
  const auto saved_function = current_function_;
  current_function_ = call.function;
  const Value v = eval(*f.body);
  current_function_ = saved_function;
  locals_ = std::move(saved);
  calls_.emplace(std::move(key), Call{v, node});
  if (node) {
    std::string args_text;
    for (size_t i = 0; i < args.size(); ++i) {
      args_text += fmt::format("{}{} = {}", i ? ", " : "", f.params[i].name, show(f.params[i].type, args[i]));
    }
    close_node(*node, show(f.result, v), args_text);
  }
  return v;
}

Value Evaluator::builtin(const ir::Expr& e, const ir::Builtin& b) {
  using F = ir::BuiltinFn;
  std::vector<Value> args;
  for (const auto& a : b.args) args.push_back(eval(*a));
  int64_t out = 0;
  switch (b.fn) {
    case F::Min:
    case F::Max: {
      // The first of the smallest (largest) operands, unchanged.
      size_t pick = 0;
      for (size_t i = 1; i < args.size(); ++i) {
        const int o = order(e.type, args[i], args[pick]);
        if (b.fn == F::Min ? o < 0 : o > 0) pick = i;
      }
      return args[pick];
    }
    case F::Abs:
      if (args[0].wide) {
        if (args[0].exact >= 0) return args[0];
        runtime::Wide w = 0;
        check(runtime::wide_negate(args[0].exact, w), e.span, "taking this absolute value");
        return Value::of_wide(w);
      }
      if (args[0].scalar >= 0) return args[0];
      check(runtime::negate(args[0].scalar, out), e.span, "taking this absolute value");
      return Value::of(out);
    case F::Round:
      if (args[0].wide || args[1].wide) {
        // A multiple of a step at rest is itself at rest: narrowing it is exact.
        const int digits = e.type.digits();
        runtime::Wide w = 0;
        check(runtime::wide_round_to_step(args[0].as_wide(digits), args[1].as_wide(digits), b.mode, w), e.span,
              "rounding");
        if (e.wide) return Value::of_wide(w);
        return Value::of(at_rest(e.type, Value::of_wide(w), e.span, b.mode, "rounding"));
      }
      check(runtime::round_to_step(args[0].scalar, args[1].scalar, b.mode, out), e.span, "rounding");
      return Value::of(out);
    case F::YearsBetween: return Value::of(runtime::years_between(args[0].scalar, args[1].scalar));
    case F::MonthsBetween: return Value::of(runtime::months_between(args[0].scalar, args[1].scalar));
    case F::DaysBetween: return Value::of(args[1].scalar - args[0].scalar);
    case F::Year: return Value::of(runtime::civil_from_days(args[0].scalar).year);
    case F::Month: return Value::of(runtime::civil_from_days(args[0].scalar).month);
    case F::Day: return Value::of(runtime::civil_from_days(args[0].scalar).day);
    case F::ToDecimal: {
      // Int and Money are scaled to millionths (of 1, of a euro); the others are millionths already.
      const int64_t scale = b.args[0]->type.is(ir::TypeKind::Int)     ? runtime::kDecimalScale
                            : b.args[0]->type.is(ir::TypeKind::Money) ? runtime::kDecimalScale / runtime::kCentsPerEuro
                                                                      : 1;
      if (scale == 1 || args[0].wide) return args[0];  // a wide value is in its unit already
      check(runtime::mul(args[0].scalar, scale, out), e.span, "converting to a decimal");
      return Value::of(out);
    }
  }
  return Value::of(0);
}

Value Evaluator::comprehension(const ir::Expr& e, const ir::Comprehension& c) {
  const Value list = eval(*c.list);
  if (locals_.size() <= c.slot) locals_.resize(c.slot + 1);
  Value acc = e.wide ? Value::of_wide(0) : Value::of(0);
  size_t seen = 0;
  std::vector<Value> kept;
  for (const Value& element : list.elements()) {
    locals_[c.slot] = element;
    if (c.where && eval(*c.where).scalar == 0) continue;
    ++seen;
    switch (c.op) {
      case ir::ListOp::Count: break;
      case ir::ListOp::Filter: kept.push_back(element); break;
      case ir::ListOp::All:
        if (eval(*c.projection).scalar == 0) return Value::of(0);
        break;
      case ir::ListOp::Any:
        if (eval(*c.projection).scalar != 0) return Value::of(1);
        break;
      case ir::ListOp::Sum:
        acc = add(e.type, acc, eval(*c.projection), e.span, "summing over the list");
        break;
      case ir::ListOp::Min:
      case ir::ListOp::Max: {
        const Value v = eval(*c.projection);
        if (seen == 1 || (c.op == ir::ListOp::Min ? order(e.type, v, acc) < 0 : order(e.type, v, acc) > 0)) acc = v;
        break;
      }
    }
  }
  switch (c.op) {
    case ir::ListOp::Count: return Value::of(static_cast<int64_t>(seen));
    case ir::ListOp::Filter: return Value::of_items(std::move(kept));
    case ir::ListOp::All: return Value::of(1);
    case ir::ListOp::Any: return Value::of(0);
    case ir::ListOp::Min:
    case ir::ListOp::Max:
      if (seen == 0) fail(ErrorCode::EmptyList, e.span, "the minimum or maximum of a list with no element");
      return acc;
    case ir::ListOp::Sum: return acc;
  }
  return acc;
}

Value Evaluator::add(ir::Type type, const Value& a, const Value& b, source::Span at, const char* what) {
  if (a.wide || b.wide) {
    runtime::Wide w = 0;
    check(runtime::wide_add(a.as_wide(type.digits()), b.as_wide(type.digits()), w), at, what);
    return Value::of_wide(w);
  }
  int64_t out = 0;
  check(runtime::add(a.scalar, b.scalar, out), at, what);
  return Value::of(out);
}

Value Evaluator::cap(const ir::Expr& e, const ir::Cap& c) {
  const Value v = eval(*c.value);
  const Value limit = eval(*c.limit);
  const bool capped = order(e.type, limit, v) < 0;
  covered(&c, capped);
  if (tracing_) {
    const size_t node = open_node(TraceNode::Kind::Cap, "capped at", "", e.span);
    close_node(node, show(e.type, capped ? limit : v),
               capped ? fmt::format("{} capped at {}", show(e.type, v), show(e.type, limit))
                      : fmt::format("{} is within the cap of {}", show(e.type, v), show(e.type, limit)));
  }
  return capped ? limit : v;
}

}  // namespace bareme::interp
