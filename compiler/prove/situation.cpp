// A counterexample's inputs, from the solver's model, as a situation JSON object.
#include "prove/situation.hpp"

#include <fmt/format.h>

#include "interp/interp.hpp"

namespace bareme::prove {
namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

int64_t int_of(const z3::model& m, const z3::expr& e) {
  const z3::expr v = m.eval(e, true);
  int64_t out = 0;
  if (!v.is_numeral_i64(out))
    throw Unsupported{"a value out of the 64-bit range in the model (" + v.to_string() + ")", {}};
  return out;
}

runtime::Value value_of(const Encoder& enc, const z3::model& m, const Sym& s, ir::Type t) {
  const ir::Program& p = enc.program;
  switch (s.kind) {
    case Sym::Kind::Bool:
      return runtime::Value::of(m.eval(s.v, true).is_true() ? 1 : 0);
    case Sym::Kind::Text:
      return runtime::Value::of_text(enc.texts->text_of(int_of(m, s.v)));
    case Sym::Kind::Record: {
      std::vector<runtime::Value> fields;
      for (size_t k = 0; k < s.items.size(); ++k)
        fields.push_back(value_of(enc, m, s.items[k], p.records[t.ref].fields[k].type));
      return runtime::Value::of_items(std::move(fields));
    }
    case Sym::Kind::List: {
      std::vector<runtime::Value> items;
      const ir::Type element = ir::Type::of(ir::TypeKind::Record, t.ref);
      for (size_t k = 0; k < s.items.size(); ++k) {
        if (m.eval(s.present[k], true).is_true())
          items.push_back(value_of(enc, m, s.items[k], element));
      }
      return runtime::Value::of_items(std::move(items));
    }
    default:
      return runtime::Value::of(int_of(m, s.v));
  }
}

std::string json_of(const ir::Program& p, const runtime::Value& v, ir::Type t) {
  if (t.is(ir::TypeKind::Record)) {
    std::string out = "{";
    const auto& fields = p.records[t.ref].fields;
    for (size_t k = 0; k < fields.size(); ++k)
      out += fmt::format("{}{}: {}", k ? ", " : "", quoted(fields[k].name),
                         json_of(p, v.elements()[k], fields[k].type));
    return out + "}";
  }
  if (t.is(ir::TypeKind::List)) {
    std::string out = "[";
    const ir::Type element = ir::Type::of(ir::TypeKind::Record, t.ref);
    for (size_t k = 0; k < v.elements().size(); ++k)
      out += (k ? ", " : "") + json_of(p, v.elements()[k], element);
    return out + "]";
  }
  if (t.is(ir::TypeKind::Bool)) return v.scalar ? "true" : "false";
  const std::string plain = interp::plain_value(p, t, v);
  return interp::plain_is_number(t) ? plain : quoted(plain);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> situation_members(const Encoder& enc,
                                                                   const z3::model& model,
                                                                   std::vector<Shown>& shown) {
  const auto& p = enc.program;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [index, var] : enc.inputs) {
    const auto& in = p.inputs[index];
    if (var.given && !model.eval(*var.given, true).is_true()) {
      shown.push_back({in.name, "not given (its default)"});
      continue;
    }
    // The variable given, not the merged value `ite(given, free, default)` (whose places may
    // be an exact intermediate's).
    const Sym& free = var.free ? *var.free : var.sym;
    const runtime::Value v = value_of(enc, model, free, in.type);
    out.emplace_back(in.name, json_of(p, v, in.type));
    shown.push_back({in.name, interp::format_value(p, in.type, v)});
  }
  return out;
}

std::string situation_json(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out = "{";
  for (size_t k = 0; k < members.size(); ++k)
    out += fmt::format("{}\n  {}: {}", k ? "," : "", quoted(members[k].first), members[k].second);
  return out + (members.empty() ? "}" : "\n}");
}

namespace {

z3::expr same_value(const Encoder& enc, const Sym& s, const runtime::Value& v, ir::Type t) {
  z3::context& c = enc.ctx;
  switch (s.kind) {
    case Sym::Kind::Bool:
      return s.v == c.bool_val(v.scalar != 0);
    case Sym::Kind::Text:
      return v.text ? s.v == c.int_val(enc.texts->id(*v.text)) : c.bool_val(true);
    case Sym::Kind::Num:
      return s.v == c.int_val(v.scalar);
    case Sym::Kind::Duration:
      return s.v == c.int_val(v.duration.months) && s.days == c.int_val(v.duration.days);
    case Sym::Kind::Record: {
      z3::expr all = c.bool_val(true);
      const auto& fields = v.elements();
      for (size_t k = 0; k < s.items.size() && k < fields.size(); ++k)
        all = all &&
              same_value(enc, s.items[k], fields[k], enc.program.records[t.ref].fields[k].type);
      return all;
    }
    case Sym::Kind::List: {
      const auto& elements = v.elements();
      if (elements.size() > s.items.size()) return c.bool_val(false);  // beyond the list bound
      z3::expr all = s.v == c.int_val(static_cast<int64_t>(elements.size()));
      const ir::Type element = ir::Type::of(ir::TypeKind::Record, t.ref);
      for (size_t k = 0; k < elements.size(); ++k)
        all = all && same_value(enc, s.items[k], elements[k], element);
      return all;
    }
  }
  return c.bool_val(true);
}

}  // namespace

z3::expr pinned(const Encoder& enc, const interp::Application& app) {
  z3::expr all = enc.ctx.bool_val(true);
  for (const auto& [index, var] : enc.inputs) {
    if (index >= app.inputs.size() || !app.inputs[index]) continue;
    const Sym& free = var.free ? *var.free : var.sym;
    if (var.given) all = all && *var.given;
    all = all && same_value(enc, free, *app.inputs[index], enc.program.inputs[index].type);
  }
  return all;
}

void write_situation(const Encoder& enc, const z3::model& model, Verdict& verdict) {
  verdict.situation = situation_json(situation_members(enc, model, verdict.values));
}

}  // namespace bareme::prove
