// Typed reading of application values: exact numbers, money and rate texts, dates, enums, lists.
#include "inputs/application.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "diag/clip.hpp"
#include "diag/suggest.hpp"

namespace bareme::inputs {
namespace {

using ir::TypeKind;

// Removes spaces and no-break spaces used as thousands separators.
std::string without_spaces(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) { ++i; continue; }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xAF) { i += 2; continue; }
    out += s[i];
  }
  return out;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The period and unit after a `€` in the spelling of types (`/mois/personne` is `/month/personne`).
std::string per_spelling(const std::string& after_euro) {
  std::string out;
  size_t at = 0;
  while (at < after_euro.size()) {
    const size_t next = std::min(after_euro.find('/', at + 1), after_euro.size());
    std::string word = after_euro.substr(at + 1, next - at - 1);
    if (after_euro[at] != '/') return after_euro;  // not `/word`: kept as written, never equal to a type's
    if (auto p = ir::period_named(word)) word = *p == ir::MoneyPeriod::Month ? "month" : "year";
    out += "/" + word;
    at = next;
  }
  return out;
}

// `/month/person` in words: "money per month per person".
std::string money_per_words(const std::string& per) {
  std::string out = "money";
  for (char c : per) out += c == '/' ? std::string(" per ") : std::string(1, c);
  return out;
}

// A signed decimal number in units of 10^-scale; a sentence in `why` when it cannot be.
std::optional<int64_t> exact(std::string text, int scale, std::string& why) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.erase(0, 1);
  }
  if (text.find_first_of("eE") != std::string::npos) {
    why = "write the number without an exponent";
    return std::nullopt;
  }
  if (text.find(',') != std::string::npos) {
    why = "use a point for decimals, as in 12.5";
    return std::nullopt;
  }
  // Digits, then optionally a point and more digits: `.5`, `1.` and `1.2.3` are not numbers.
  const size_t dot = text.find('.');
  const bool well_formed = !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos && dot != 0 &&
                           (dot == std::string::npos || (dot + 1 < text.size() && text.find('.', dot + 1) == std::string::npos));
  if (!well_formed) {
    why = "it is not a number";
    return std::nullopt;
  }
  auto v = runtime::parse_scaled(text, scale);
  if (!v && negative) {
    if (auto most_negative = runtime::parse_scaled_negative(text, scale)) return *most_negative;
  }
  if (!v) {
    const size_t dot = text.find('.');
    const bool too_precise = dot != std::string::npos && text.size() - dot - 1 > static_cast<size_t>(scale) &&
                             runtime::parse_scaled(text.substr(0, dot), scale).has_value();
    why = too_precise ? (scale == 0 ? "a whole number is expected" : fmt::format("it has more than {} decimals", scale))
                      : "it is too large";
    return std::nullopt;
  }
  return negative ? -*v : *v;
}

class Reader {
 public:
  Reader(const ir::Program& p, std::vector<InputError>& errors) : p_(p), errors_(errors) {}

  std::optional<runtime::Value> read(ir::Type type, const Json& j, const std::string& path) {
    switch (type.kind) {
      case TypeKind::Bool:
        if (j.kind != Json::Kind::Bool) return wrong(path, "true or false", j);
        return runtime::Value::of(j.boolean ? 1 : 0);
      case TypeKind::Int: return scalar(j, path, 0, "a whole number");
      case TypeKind::Decimal: return scalar(j, path, runtime::kDecimalDigits, "a number");
      case TypeKind::Money: return money(type, j, path);
      case TypeKind::Rate: return rate(j, path);
      case TypeKind::Quantity: return quantity(type, j, path);
      case TypeKind::Date: {
        if (j.kind != Json::Kind::String) return wrong(path, "a date written \"YYYY-MM-DD\"", j);
        auto d = runtime::parse_date(j.text);
        if (!d) return fail(path, fmt::format("\"{}\" is not a date: write \"YYYY-MM-DD\", a real day of the years 1 to 9999", j.text));
        return runtime::Value::of(*d);
      }
      case TypeKind::Duration: return duration(j, path);
      case TypeKind::Text:
        // A number written where a text is expected is its text (an identifier such as a SIREN).
        if (j.kind != Json::Kind::String && j.kind != Json::Kind::Number) return wrong(path, "a string", j);
        return runtime::Value::of_text(j.text);
      case TypeKind::Enum: return enum_case(type, j, path);
      case TypeKind::Record: return record(type, j, path);
      case TypeKind::List: {
        if (j.kind != Json::Kind::Array) return wrong(path, "an array of objects", j);
        std::vector<runtime::Value> items;
        bool ok = true;
        for (size_t i = 0; i < j.items.size(); ++i) {
          auto v = read(ir::Type::of(TypeKind::Record, type.ref), j.items[i], fmt::format("{}[{}]", path, i));
          ok = ok && v.has_value();
          if (v) items.push_back(std::move(*v));
        }
        if (!ok) return std::nullopt;
        return runtime::Value::of_items(std::move(items));
      }
      case TypeKind::Error: return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  std::nullopt_t fail(const std::string& path, std::string message) {
    // Texts quoted from the application are clipped: an error stays a line long.
    errors_.push_back(InputError{diag::clip(path, 2 * diag::kMaxQuoted), diag::clip_quoted(std::move(message))});
    return std::nullopt;
  }
  std::nullopt_t wrong(const std::string& path, const std::string& expected, const Json& j) {
    return fail(path, fmt::format("expected {}, found {}", expected, j.kind_name()));
  }

  std::optional<runtime::Value> scalar(const Json& j, const std::string& path, int scale, const char* what) {
    if (j.kind != Json::Kind::Number) return wrong(path, what, j);
    std::string why;
    auto v = exact(j.text, scale, why);
    if (!v) return fail(path, fmt::format("{} cannot be read as {}: {}", diag::clip(j.text), what, why));
    return runtime::Value::of(*v);
  }

  // A plain number is in the type's unit (euros, or euros per month for Money/month); a text
  // names its period and unit after the `€` (`"350 €/month"`), which must be the type's: a
  // value per year is never converted to one per month.
  std::optional<runtime::Value> money(ir::Type type, const Json& j, const std::string& path) {
    std::string text;
    int scale = 2;
    const std::string wanted = ir::money_suffix(p_, type);
    if (j.kind == Json::Kind::Number) {
      text = j.text;
    } else if (j.kind == Json::Kind::String) {
      text = without_spaces(j.text);
      size_t at = text.find("€");
      if (at == std::string::npos) at = text.find("EUR");
      if (at != std::string::npos) {
        const std::string per = per_spelling(text.substr(at + 3));
        text.resize(at);
        if (ends_with(text, "M")) { scale = 8; text.pop_back(); }
        else if (ends_with(text, "k")) { scale = 5; text.pop_back(); }
        if (!per.empty() && per[0] != '/') {
          return fail(path, fmt::format("\"{}\" is not an amount of money: only a period or a unit, after a `/`, "
                                        "may follow the €", j.text));
        }
        if (per != wanted) {
          return fail(path, fmt::format("\"{}\" is {}, but {} is expected: no conversion is made; write \"… €{}\" "
                                        "or a plain number",
                                        j.text, per.empty() ? "an amount with no period" : money_per_words(per),
                                        wanted.empty() ? "an amount" : money_per_words(wanted), wanted));
        }
      }
    } else if (wanted.empty()) {
      return wrong(path, "an amount of money (a number of euros or a text such as \"2 700 €\")", j);
    } else {
      return wrong(path, fmt::format("{} (a number of euros, or a text such as \"350 €{}\")",
                                     money_per_words(wanted), wanted), j);
    }
    std::string why;
    auto v = exact(text, scale, why);
    if (!v) {
      const std::string shown = j.kind == Json::Kind::String ? "\"" + j.text + "\"" : diag::clip(j.text);
      return fail(path, fmt::format("{} is not an amount of money: {}", shown,
                                    why == "it has more than 2 decimals" ? "money is counted in whole cents" : why));
    }
    return runtime::Value::of(*v);
  }

  std::optional<runtime::Value> rate(const Json& j, const std::string& path) {
    std::string why;
    std::optional<int64_t> v;
    if (j.kind == Json::Kind::Number) {
      v = exact(j.text, runtime::kDecimalDigits, why);
    } else if (j.kind == Json::Kind::String && ends_with(without_spaces(j.text), "%")) {
      std::string text = without_spaces(j.text);
      text.pop_back();
      v = exact(text, runtime::kDecimalDigits - 2, why);
    } else {
      return wrong(path, "a rate (a fraction such as 0.6, or a text such as \"60 %\")", j);
    }
    if (!v) return fail(path, fmt::format("{} is not a rate: {}", diag::clip(j.text), why));
    return runtime::Value::of(*v);
  }

  std::optional<runtime::Value> quantity(ir::Type type, const Json& j, const std::string& path) {
    const std::string& unit = p_.units[type.ref].name;
    std::string text;
    if (j.kind == Json::Kind::Number) {
      text = j.text;
    } else if (j.kind == Json::Kind::String) {
      text = without_spaces(j.text);
      if (!ends_with(text, unit)) return fail(path, fmt::format("\"{}\" is not in {}: write \"22 {}\"", j.text, unit, unit));
      text.resize(text.size() - unit.size());
    } else {
      return wrong(path, fmt::format("a quantity in {}", unit), j);
    }
    std::string why;
    auto v = exact(text, runtime::kDecimalDigits, why);
    if (!v) return fail(path, fmt::format("{} is not a quantity in {}: {}", diag::clip(j.text), unit, why));
    return runtime::Value::of(*v);
  }

  // One or more "N unit" parts: "3 months", "1 year 2 months 3 days".
  std::optional<runtime::Value> duration(const Json& j, const std::string& path) {
    if (j.kind != Json::Kind::String) return wrong(path, "a duration such as \"3 months\"", j);
    std::istringstream words(j.text);
    std::string number, unit;
    runtime::Duration total;
    bool any = false;
    while (words >> number) {
      std::string why;
      auto n = exact(number, 0, why);
      const bool has_unit = static_cast<bool>(words >> unit);
      const int64_t months = unit == "month" || unit == "months" ? 1 : unit == "year" || unit == "years" ? 12 : 0;
      const int64_t days = unit == "day" || unit == "days" ? 1 : 0;
      if (!n || !has_unit || (months == 0 && days == 0) || *n > 1'000'000 || *n < -1'000'000) {
        any = false;
        break;
      }
      total.months += months * *n;
      total.days += days * *n;
      any = true;
    }
    if (!any) {
      return fail(path, fmt::format("\"{}\" is not a duration: write \"30 days\", \"3 months\" or \"1 year 2 months\"", j.text));
    }
    return runtime::Value::of(total);
  }

  // A case by name, code or label (ir::find_case), or the open case for any other value.
  std::optional<runtime::Value> enum_case(ir::Type type, const Json& j, const std::string& path) {
    const auto& en = p_.enums[type.ref];
    const bool coded = ir::has_codes(en);
    // A code may be written as a JSON number (75056); its text is the code.
    if (j.kind != Json::Kind::String && !(coded && j.kind == Json::Kind::Number)) {
      return wrong(path, fmt::format("a case of {} as a string", en.name), j);
    }
    const auto found = ir::find_case(en, j.text);
    if (found.kind == ir::CaseLookup::Kind::Found) return runtime::Value::of(found.index);
    if (found.kind == ir::CaseLookup::Kind::Ambiguous) {
      std::string cases;
      for (const auto& c : en.cases) {
        if (c.label == j.text) cases += (cases.empty() ? "" : ", ") + c.name;
      }
      return fail(path, fmt::format("\"{}\" is the label of several cases of {} ({}); give the case's name{}", j.text,
                                    en.name, cases, coded ? " or code" : ""));
    }
    std::vector<std::string> names;
    for (const auto& c : en.cases) names.push_back(c.name);
    std::string message = fmt::format("\"{}\" is not a {} of {}", j.text, coded ? "code, case or label" : "case", en.name);
    std::vector<std::string> codes;
    for (const auto& c : en.cases) {
      if (!c.code.empty()) codes.push_back(c.code);
    }
    if (auto best = diag::closest(j.text, names)) {
      message += fmt::format("; did you mean \"{}\"?", *best);
    } else if (auto code = coded ? diag::closest(j.text, codes) : std::nullopt) {
      const auto& named = en.cases[static_cast<size_t>(ir::find_case(en, *code).index)].name;
      message += fmt::format("; did you mean \"{}\" ({})?", *code, named);
    } else if (coded) {
      std::string some;
      size_t shown = 0;
      for (const auto& c : en.cases) {
        if (c.code.empty()) continue;
        if (shown++ == 4) {
          some += ", …";
          break;
        }
        some += fmt::format("{}\"{}\" ({})", some.empty() ? "" : ", ", c.code, c.name);
      }
      message += fmt::format("; its codes are {}", some);
    }
    return fail(path, message);
  }

  std::optional<runtime::Value> record(ir::Type type, const Json& j, const std::string& path) {
    const auto& rec = p_.records[type.ref];
    if (j.kind != Json::Kind::Object) return wrong(path, fmt::format("an object with the fields of {}", rec.name), j);
    std::vector<std::optional<runtime::Value>> fields(rec.fields.size());
    std::vector<std::string> names;
    for (const auto& f : rec.fields) names.push_back(f.name);
    std::vector<bool> seen(rec.fields.size(), false);
    bool ok = true;
    for (const auto& [key, value] : j.members) {
      auto it = std::find(names.begin(), names.end(), key);
      if (it == names.end()) {
        std::string message = fmt::format("{} has no field \"{}\"", rec.name, key);
        if (auto best = diag::closest(key, names)) message += fmt::format("; did you mean \"{}\"?", *best);
        fail(path + "." + key, message);
        ok = false;
        continue;
      }
      const size_t f = static_cast<size_t>(it - names.begin());
      if (seen[f]) {
        fail(path + "." + key, fmt::format("the field \"{}\" of {} is given twice", key, rec.name));
        ok = false;
        continue;
      }
      seen[f] = true;
      fields[f] = read(rec.fields[f].type, value, path + "." + key);
      ok = ok && fields[f].has_value();
    }
    std::vector<runtime::Value> values;
    for (size_t f = 0; f < fields.size(); ++f) {
      if (!fields[f] && j.find(names[f]) == nullptr) {
        fail(path, fmt::format("the field \"{}\" of {} is missing", names[f], rec.name));
        ok = false;
      }
      if (fields[f]) values.push_back(*fields[f]);
    }
    if (!ok) return std::nullopt;
    return runtime::Value::of_items(std::move(values));
  }

  const ir::Program& p_;
  std::vector<InputError>& errors_;
};

}  // namespace

std::optional<runtime::Value> read_value(const ir::Program& program, ir::Type type, const Json& j,
                                         const std::string& path, std::vector<InputError>& errors) {
  return Reader(program, errors).read(type, j, path);
}

ReadApplication read_application(const ir::Program& program, const Json& document, bool require_all,
                                 UnknownMembers unknown) {
  ReadApplication out;
  out.app = interp::empty_application(program);
  if (document.kind != Json::Kind::Object) {
    out.errors.push_back(InputError{"$", fmt::format("an application is a JSON object keyed by input name, not {}", document.kind_name())});
    return out;
  }
  std::vector<std::string> names;
  for (const auto& in : program.inputs) names.push_back(in.name);
  Reader reader(program, out.errors);
  std::vector<bool> given(program.inputs.size(), false), seen(program.inputs.size(), false);
  for (const auto& [key, value] : document.members) {
    auto it = std::find(names.begin(), names.end(), key);
    if (it == names.end()) {
      if (auto why = computed_definition(program, key)) {
        out.errors.push_back(InputError{"$." + key, *why});
        continue;
      }
      if (unknown == UnknownMembers::Ignore) {
        out.ignored.push_back(diag::clip(key));
        continue;
      }
      std::string message = fmt::format("the scheme has no input \"{}\"", diag::clip(key));
      if (auto best = diag::closest(key, names)) message += fmt::format("; did you mean \"{}\"?", *best);
      out.errors.push_back(InputError{"$." + diag::clip(key), message});
      continue;
    }
    const size_t i = static_cast<size_t>(it - names.begin());
    if (seen[i]) {
      out.errors.push_back(InputError{"$." + key, fmt::format("the input \"{}\" is given twice", key)});
      continue;
    }
    seen[i] = true;
    if (value.kind == Json::Kind::Null) continue;  // null leaves the input unset
    given[i] = true;
    out.app.inputs[i] = reader.read(program.inputs[i].type, value, "$." + key);
  }
  if (require_all) {
    for (size_t i = 0; i < program.inputs.size(); ++i) {
      const auto& in = program.inputs[i];
      if (!given[i] && !in.default_value) {
        out.errors.push_back(InputError{"$." + in.name, fmt::format("the input \"{}\" ({}) is missing{}", in.name,
                                                                    type_name(program, in.type),
                                                                    in.doc.empty() ? "" : ": " + in.doc)});
      }
    }
  }
  return out;
}

std::optional<std::string> computed_definition(const ir::Program& program, const std::string& name) {
  for (const auto& r : program.rules) {
    if (r.name == name) {
      return fmt::format("\"{0}\" is computed by the scheme, not an input; declare it `let {0} … unless given` "
                         "to let a situation give it",
                         name);
    }
  }
  return std::nullopt;
}

std::string unknown_name(const ir::Program& program, std::string_view name) {
  std::vector<std::string> names;
  for (const auto& in : program.inputs) names.push_back(in.name);
  const std::string quoted = fmt::format("\"{}\"", diag::clip(name));
  auto best = diag::closest(std::string(name), names);
  return best ? fmt::format("{} (did you mean \"{}\"?)", quoted, *best) : quoted;
}

Json json_from_argument(const std::string& text) {
  auto parsed = parse_json(text);
  if (auto* j = std::get_if<Json>(&parsed)) return *j;
  Json s{Json::Kind::String};
  s.text = text;
  return s;
}

}  // namespace bareme::inputs
