// Random applications from the constants a scheme compares its inputs with, and the comparison
// of both back ends.
#include "engine/fuzz.hpp"

#include "ir/walk.hpp"

#include <fmt/format.h>

#include <limits>
#include <map>
#include <random>
#include <set>

namespace bareme::engine {
namespace {

using ir::TypeKind;

// Literals of each type met anywhere in the program: the boundaries worth probing.
// Texts met in the program, so that generated texts hit its comparisons.
std::set<std::string>& texts_of_last_program() {
  static thread_local std::set<std::string> texts;
  return texts;
}

void collect_literals(const ir::Expr& e, std::map<std::pair<TypeKind, uint32_t>, std::set<int64_t>>& out) {
  if (const auto* l = std::get_if<ir::Literal>(&e.node)) {
    if (e.type.is(TypeKind::Text)) texts_of_last_program().insert(l->text);
    out[{e.type.kind, e.type.ref}].insert(l->value);
    return;
  }
  ir::for_each_child(e, [&](const ir::Expr& child) { collect_literals(child, out); });
}

std::map<std::pair<TypeKind, uint32_t>, std::set<int64_t>> literals_of(const ir::Program& p) {
  std::map<std::pair<TypeKind, uint32_t>, std::set<int64_t>> out;
  auto go = [&](const ir::ExprPtr& e) {
    if (e) collect_literals(*e, out);
  };
  for (const auto& r : p.rules) go(r.value);
  // Computed defaults and definitions declared `unless given` are definitions too.
  for (const auto& in : p.inputs) {
    if (in.computed_default || in.definition) go(in.default_value);
    // Bounds are thresholds too: values beside them probe InputOutOfRange on both sides.
    const std::pair<TypeKind, uint32_t> key{in.type.kind, in.type.is(TypeKind::Date) ? 0 : in.type.ref};
    if (in.at_least) out[key].insert(*in.at_least);
    if (in.at_most) out[key].insert(*in.at_most);
  }
  for (const auto& f : p.functions) go(f.body);
  for (const auto& prm : p.params) {
    for (const auto& period : prm.periods) {
      go(period.value);
      if (period.from) out[{TypeKind::Date, 0}].insert(*period.from);
      if (period.until) out[{TypeKind::Date, 0}].insert(*period.until);
    }
  }
  for (const auto& t : p.tables) {
    for (const auto& row : t.rows) {
      for (const auto& c : row.cells) {
        if (c.lower) go(c.lower->value);
        if (c.upper) go(c.upper->value);
        for (const auto& v : c.values) go(v);
      }
      go(row.output);
    }
  }
  for (const auto& s : p.schemes) {
    for (const auto& c : s.conditions) go(c.test);
    go(s.amount);
  }
  for (const auto& c : p.combines) {
    for (const auto& a : c.aids) go(a.amount);
    for (const auto& cap : c.caps) {
      go(cap.limit);
      go(cap.when);
    }
  }
  return out;
}

class Generator {
 public:
  Generator(const ir::Program& p, uint64_t seed, bool plausible)
      : p_(p), rng_(seed), literals_((texts_of_last_program().clear(), literals_of(p))), plausible_(plausible) {
    texts_.assign(texts_of_last_program().begin(), texts_of_last_program().end());
    // An empty text probes comparisons; plausible populations leave it out, since a CSV cell
    // cannot tell it from an unset input.
    if (plausible) std::erase(texts_, std::string());
    else texts_.push_back("");
    texts_.push_back("other");
  }

  std::optional<runtime::Value> value(ir::Type t, bool may_be_missing) {
    if (may_be_missing && !plausible_ && chance(40)) return std::nullopt;
    switch (t.kind) {
      case TypeKind::Bool: return runtime::Value::of(pick(2));
      case TypeKind::Enum: return runtime::Value::of(pick(static_cast<int64_t>(p_.enums[t.ref].cases.size())));
      case TypeKind::Date: return runtime::Value::of(date());
      case TypeKind::Duration: return runtime::Value::of(runtime::Duration{pick(61) - 30, pick(800) - 400});
      case TypeKind::List: {
        std::vector<runtime::Value> items;
        const int64_t n = chance(4) ? 0 : pick(5);
        const auto& rec = p_.records[t.ref];
        for (int64_t i = 0; i < n; ++i) {
          std::vector<runtime::Value> fields;
          for (const auto& f : rec.fields) fields.push_back(*value(f.type, false));
          items.push_back(runtime::Value::of_items(std::move(fields)));
        }
        return runtime::Value::of_items(std::move(items));
      }
      case TypeKind::Text: return runtime::Value::of_text(texts_[static_cast<size_t>(pick(static_cast<int64_t>(texts_.size())))]);
      default: return runtime::Value::of(number(t));
    }
  }

  bool chance(int one_in) { return pick(one_in) == 0; }
  // A number in [0, n), or 0 when n < 1.
  int64_t pick(int64_t n) { return static_cast<int64_t>(rng_() % static_cast<uint64_t>(std::max<int64_t>(n, 1))); }

 private:
  // `value + step` (step -1, 0 or 1), or `value` itself at the 64-bit limits: never overflows.
  static int64_t beside(int64_t value, int64_t step) {
    int64_t out;
    return __builtin_add_overflow(value, step, &out) ? value : out;
  }

  // A boundary of the program (or one unit beside it), an extreme, or a moderate random value.
  int64_t number(ir::Type t) {
    const auto& known = literals_[{t.kind, t.ref}];
    const int roll = static_cast<int>(pick(20));
    if (plausible_) {
      // Plausible values are never negative: near a threshold of the scheme, or below twice
      // the largest one.
      int64_t largest = t.is(TypeKind::Int) ? 10 : t.is(TypeKind::Money) ? 1'000'000 : 10 * runtime::kDecimalScale;
      for (int64_t k : known) largest = std::max(largest, std::min<int64_t>(k, int64_t{1} << 40));
      if (roll < 10 && !known.empty()) {
        auto it = known.begin();
        std::advance(it, pick(static_cast<int64_t>(known.size())));
        return std::max<int64_t>(0, beside(*it, pick(3) - 1));
      }
      return pick(2 * largest + 1);
    }
    if (roll < 10 && !known.empty()) {
      auto it = known.begin();
      std::advance(it, pick(static_cast<int64_t>(known.size())));
      return beside(*it, pick(3) - 1);
    }
    if (roll == 10 && !plausible_) return std::numeric_limits<int64_t>::max() - pick(2);
    if (roll == 11 && !plausible_) return std::numeric_limits<int64_t>::min() + pick(2);
    if (roll == 12) return 0;
    const int64_t scale = t.is(TypeKind::Money) ? 100 : t.is(TypeKind::Int) ? 1 : runtime::kDecimalScale;
    const int64_t magnitude = roll < 17 ? 1000 : 10'000'000;
    return (pick(2 * magnitude + 1) - magnitude) * (t.is(TypeKind::Int) ? 1 : scale / (pick(2) ? 1 : 10));
  }

  int64_t date() {
    const auto& known = literals_[{TypeKind::Date, 0}];
    const int roll = static_cast<int>(pick(10));
    if (roll < 5 && !known.empty()) {
      auto it = known.begin();
      std::advance(it, pick(static_cast<int64_t>(known.size())));
      return beside(*it, pick(3) - 1);
    }
    if (roll == 5 && !plausible_) return *runtime::days_from_civil({9999, 12, 31}) - pick(2);
    if (roll == 6 && !plausible_) return *runtime::days_from_civil({1, 1, 1}) + pick(2);
    return *runtime::days_from_civil({2019, 1, 1}) + pick(365 * 8);
  }

  const ir::Program& p_;
  std::mt19937_64 rng_;
  std::map<std::pair<TypeKind, uint32_t>, std::set<int64_t>> literals_;
  bool plausible_;
  std::vector<std::string> texts_;
};

}  // namespace

std::vector<interp::Application> random_applications(const ir::Program& program, size_t count, uint64_t seed,
                                                     bool plausible) {
  Generator g(program, seed, plausible);
  std::vector<interp::Application> apps;
  apps.reserve(count);
  for (size_t r = 0; r < count; ++r) {
    interp::Application app = interp::empty_application(program);
    for (size_t i = 0; i < program.inputs.size(); ++i) {
      // A definition declared `unless given` is computed in plausible applications (people do
      // not state what the scheme computes), and given one time in two otherwise.
      const auto& in = program.inputs[i];
      if (in.definition && (plausible || g.chance(2))) continue;
      app.inputs[i] = g.value(in.type, true);
      // A plausible application stays within the input's bounds.
      if (plausible && app.inputs[i]) {
        int64_t& v = app.inputs[i]->scalar;
        if (in.at_least) v = std::max(v, *in.at_least);
        if (in.at_most) v = std::min(v, *in.at_most);
        // and among the values of its `one of` file: a text the file does not list becomes one
        // it does (chosen by the generator, so that runs stay reproducible).
        if (in.values && app.inputs[i]->text && !in.accepts(*app.inputs[i]->text)) {
          const auto k = static_cast<size_t>(g.pick(static_cast<int64_t>(in.values->size())));
          app.inputs[i] = runtime::Value::of_text((*in.values)[k]);
        }
      }
    }
    apps.push_back(std::move(app));
  }
  return apps;
}

namespace {

template <class Interpret>
DiffReport compare_rows(const ir::Program& program, OutputShape shape, runtime::BatchFunction fn,
                        const std::vector<interp::Application>& apps, Interpret interpret) {
  Batch batch(program);
  for (const auto& a : apps) batch.append(a);
  batch.set_as_of(std::nullopt);
  const auto jit_rows = run_compiled(fn, shape, batch);
  DiffReport report;
  report.rows = apps.size();
  for (size_t r = 0; r < apps.size(); ++r) {
    RowResult expected = interpret(apps[r]);
    if (expected.error) ++report.errors;
    if (!(expected == jit_rows[r])) {
      ++report.mismatch_count;
      if (report.mismatches.size() < 5) report.mismatches.push_back(Mismatch{r, std::move(expected), jit_rows[r]});
    }
  }
  return report;
}

}  // namespace

DiffReport differential(const ir::Program& program, ir::Index scheme, runtime::BatchFunction fn,
                        const std::vector<interp::Application>& apps) {
  return compare_rows(program, output_shape(program, scheme), fn, apps,
                      [&](const interp::Application& app) { return interpreter_row(program, scheme, app); });
}

DiffReport differential_level(const ir::Program& program, ir::Index level, runtime::BatchFunction fn,
                              const std::vector<interp::Application>& apps) {
  return compare_rows(program, kLevelShape, fn, apps,
                      [&](const interp::Application& app) { return interpreter_level_row(program, level, app); });
}

std::string describe(const ir::Program& program, const RowResult& r) {
  // Declared outputs, when there are any: an output may be all two engines disagree on.
  std::string outputs;
  for (size_t k = 0; k < r.output_errors.size(); ++k) {
    outputs += r.output_errors[k]
                   ? fmt::format(", output {} {}", k, runtime::error_name(static_cast<runtime::ErrorCode>(r.output_errors[k])))
                   : fmt::format(", output {} [{}, {}]", k, r.output_words[2 * k], r.output_words[2 * k + 1]);
  }
  if (r.error) {
    // The parameter an error is about, when named: the engines may agree on the code alone.
    std::string about;
    if (r.error_detail != 0) {
      const uint32_t param = runtime::detail_param(r.error_detail);
      const bool dated = r.error == static_cast<uint8_t>(runtime::ErrorCode::NoParamValue);
      about = param < program.params.size()
                  ? fmt::format(" (parameter `{}`{})", program.params[param].name,
                                dated ? " on " + runtime::format_date(runtime::detail_date(r.error_detail)) : "")
                  : fmt::format(" (detail {:#x})", r.error_detail);
    }
    return fmt::format("error {}{}{}", runtime::error_name(static_cast<runtime::ErrorCode>(r.error)), about, outputs);
  }
  std::string bits;
  for (size_t w = r.failed.size(); w-- > 0;)
    bits += bits.empty() ? fmt::format("{:#x}", r.failed[w]) : fmt::format("{:016x}", r.failed[w]);
  std::string out =
      fmt::format("{}, amount {}, failed bits {}", r.eligible ? "eligible" : "not eligible",
                  runtime::format_money(r.amount), bits);
  for (size_t a = 0; a < r.aid_before.size(); ++a) {
    out += fmt::format(", aid {} {} → {}", a, runtime::format_money(r.aid_before[a]), runtime::format_money(r.aid_after[a]));
  }
  return out + outputs;
}

}  // namespace bareme::engine
