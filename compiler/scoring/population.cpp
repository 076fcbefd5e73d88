// Reading population files and drawing inputs from them.
#include "scoring/population.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "diag/suggest.hpp"
#include "inputs/application.hpp"
#include "readers/cells.hpp"

namespace bareme::scoring {
namespace {

using inputs::Json;

bool ordered(ir::Type t) {
  using ir::TypeKind;
  return t.is(TypeKind::Int) || t.is(TypeKind::Decimal) || t.is(TypeKind::Money) ||
         t.is(TypeKind::Rate) || t.is(TypeKind::Quantity) || t.is(TypeKind::Date);
}

class Reader {
 public:
  Reader(const ir::Program& p, const ir::Input& input) : p_(p), in_(input) {}

  std::optional<Distribution> read(const Json& spec) {
    if (spec.kind != Json::Kind::Object || spec.members.size() != 1) {
      return fail(
          "describe it with one object: {\"uniform\": [lo, hi]}, {\"categorical\": {value: "
          "weight}}, "
          "{\"ranges\": [[lo, hi, weight]]} or {\"value\": v}");
    }
    const auto& [kind, body] = spec.members[0];
    Distribution d;
    if (kind == "value") {
      auto v = value(body, "value");
      if (!v) return std::nullopt;
      d.values.push_back(*v);
      d.weights.push_back(1);
      return d;
    }
    if (kind == "categorical") {
      if (body.kind != Json::Kind::Object || body.members.empty())
        return fail("categorical takes an object {value: weight, ...}");
      for (const auto& [text, weight] : body.members) {
        auto v = value(readers::csv_cell_json(text), "categorical");
        if (!v || !add_weight(d, weight)) return std::nullopt;
        d.values.push_back(*v);
      }
      return total_positive(d);
    }
    if (kind == "uniform" || kind == "ranges") {
      if (!ordered(in_.type)) {
        return fail(
            fmt::format("{} needs a number, an amount, a rate, a quantity or a date; this input is "
                        "{}: use categorical",
                        kind, ir::type_name(p_, in_.type)));
      }
      if (kind == "uniform") {
        if (!range(body, d, false)) return std::nullopt;
        d.weights.push_back(1);
        return d;
      }
      if (body.kind != Json::Kind::Array || body.items.empty())
        return fail("ranges takes [[lo, hi, weight], ...]");
      for (const auto& r : body.items) {
        if (!range(r, d, true)) return std::nullopt;
      }
      return total_positive(d);
    }
    std::string message = fmt::format("there is no distribution \"{}\"", kind);
    if (auto best = diag::closest(kind, {"value", "uniform", "categorical", "ranges"})) {
      message += fmt::format("; did you mean \"{}\"?", *best);
    }
    return fail(message);
  }

  std::string error;

 private:
  std::nullopt_t fail(std::string message) {
    error = fmt::format("the input \"{}\": {}", in_.name, message);
    return std::nullopt;
  }

  std::optional<runtime::Value> value(const Json& j, const char* where) {
    std::vector<inputs::InputError> errors;
    auto v = inputs::read_value(p_, in_.type, j, in_.name, errors);
    if (!v) fail(fmt::format("{}: {}", where, errors.front().message));
    return v;
  }

  bool add_weight(Distribution& d, const Json& w) {
    double weight = -1;
    if (w.kind == Json::Kind::Number) weight = std::strtod(w.text.c_str(), nullptr);
    if (!(weight >= 0 && weight < 1e300))
      return fail("a weight is not a non-negative number"), false;
    d.weights.push_back((d.weights.empty() ? 0 : d.weights.back()) + weight);
    return true;
  }

  bool range(const Json& r, Distribution& d, bool weighted) {
    const size_t want = weighted ? 3 : 2;
    if (r.kind != Json::Kind::Array || r.items.size() != want) {
      return fail(weighted ? "ranges takes [[lo, hi, weight], ...]" : "uniform takes [lo, hi]"),
             false;
    }
    auto lo = value(r.items[0], "lower bound"), hi = value(r.items[1], "upper bound");
    if (!lo || !hi) return false;
    if (lo->scalar > hi->scalar)
      return fail("a range has its lower bound above its upper bound"), false;
    d.ranges.emplace_back(lo->scalar, hi->scalar);
    return !weighted || add_weight(d, r.items[2]);
  }

  std::optional<Distribution> total_positive(Distribution& d) {
    if (d.weights.back() <= 0) return fail("every weight is zero");
    return std::move(d);
  }

  const ir::Program& p_;
  const ir::Input& in_;
};

}  // namespace

std::variant<Population, std::string> read_population(const ir::Program& program,
                                                      const std::string& text) {
  auto parsed = inputs::parse_json(text);
  if (auto* e = std::get_if<inputs::JsonError>(&parsed)) {
    return fmt::format("line {}, column {}: {}", e->line, e->column, e->message);
  }
  const Json& document = std::get<Json>(parsed);
  const Json* described = document.kind == Json::Kind::Object ? document.find("inputs") : nullptr;
  if (!described || described->kind != Json::Kind::Object || document.members.size() != 1) {
    return std::string(
        "a population file is an object {\"inputs\": {\"input name\": distribution, ...}}");
  }
  Population population;
  population.inputs.resize(program.inputs.size());
  std::vector<std::string> names;
  for (const auto& in : program.inputs) names.push_back(in.name);
  for (const auto& [name, spec] : described->members) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      std::string message = fmt::format("the scheme has no input \"{}\"", name);
      if (auto best = diag::closest(name, names))
        message += fmt::format("; did you mean \"{}\"?", *best);
      return message;
    }
    const auto i = static_cast<size_t>(it - names.begin());
    if (population.inputs[i]) return fmt::format("the input \"{}\" is described twice", name);
    Reader reader(program, program.inputs[i]);
    population.inputs[i] = reader.read(spec);
    if (!population.inputs[i]) return reader.error;
  }
  return population;
}

void apply_population(const Population& population, std::vector<interp::Application>& apps,
                      uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x9E3779B97F4A7C15ull);
  auto pick = [&](const std::vector<double>& cumulative) {
    const double x = static_cast<double>(rng() >> 11) * 0x1.0p-53 * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return std::min(static_cast<size_t>(it - cumulative.begin()), cumulative.size() - 1);
  };
  for (auto& app : apps) {
    for (size_t i = 0; i < population.inputs.size() && i < app.inputs.size(); ++i) {
      const auto& d = population.inputs[i];
      if (!d) continue;
      const size_t k = pick(d->weights);
      if (!d->values.empty()) {
        app.inputs[i] = d->values[k];
        continue;
      }
      const auto [lo, hi] = d->ranges[k];
      const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
      const uint64_t offset = span == UINT64_MAX ? rng() : rng() % (span + 1);
      app.inputs[i] = runtime::Value::of(static_cast<int64_t>(static_cast<uint64_t>(lo) + offset));
    }
  }
}

}  // namespace bareme::scoring
