// The C ABI's bareme_document: a scheme's documentation as JSON (parameters with every period,
// tables, assumptions, conditions, rules, each with its citation and source location) and the
// text of the program's files.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/c_internal.hpp"
#include "interp/interp.hpp"
#include "runtime/values.hpp"

using bareme::capi::guard;
using bareme::capi::require;
using nlohmann::ordered_json;

namespace {

namespace ir = bareme::ir;

struct Writer {
  const bareme::driver::Compilation& c;
  const ir::Program& p;
  std::optional<ir::Index> scheme;

  // A constant value as plain text, or null when it is computed or fails.
  ordered_json plain(const ir::Expr& e) const {
    auto r =
        bareme::interp::evaluate_output(p, "", e, scheme, bareme::interp::empty_application(p));
    if (!r.value) return nullptr;
    return r.plain;
  }
  // The value as the language writes it (`3 000.00 €`), else its source text.
  std::string shown(const ir::Expr& e) const {
    auto r =
        bareme::interp::evaluate_output(p, "", e, scheme, bareme::interp::empty_application(p));
    if (r.value) return r.text;
    return source_text(e.span);
  }
  std::string source_text(ir::Span span) const {
    if (!span.valid()) return "";
    return std::string(c.sources.file(span.file).slice(span.begin, span.end));
  }
  ordered_json location(ir::Span span) const {
    if (!span.valid()) return nullptr;
    const auto& f = c.sources.file(span.file);
    const auto loc = f.locate(span.begin);
    return fmt::format("{}:{}:{}", f.path(), loc.line, loc.column);
  }
  ordered_json module_of(ir::Index m) const { return p.modules[m].name; }
  static ordered_json date(const std::optional<bareme::runtime::Days>& d) {
    if (!d) return nullptr;
    return bareme::runtime::format_date(*d);
  }

  ordered_json bound(const std::optional<ir::Bound>& b) const {
    if (!b) return nullptr;
    return ordered_json{{"value", shown(*b->value)}, {"inclusive", b->inclusive}};
  }
  ordered_json cell(const ir::TableCell& cell) const {
    ordered_json j;
    switch (cell.kind) {
      case ir::TableCell::Kind::Any:
        j["kind"] = "any";
        break;
      case ir::TableCell::Kind::Range:
        j["kind"] = "range";
        j["lower"] = bound(cell.lower);
        j["upper"] = bound(cell.upper);
        break;
      case ir::TableCell::Kind::OneOf: {
        j["kind"] = "one_of";
        ordered_json values = ordered_json::array();
        for (const auto& v : cell.values) values.push_back(shown(*v));
        j["values"] = values;
        break;
      }
    }
    return j;
  }

  ordered_json params() const {
    ordered_json out = ordered_json::array();
    for (const auto& prm : p.params) {
      ordered_json periods = ordered_json::array();
      for (const auto& per : prm.periods)
        periods.push_back(ordered_json{{"from", date(per.from)},
                                       {"until", date(per.until)},
                                       {"value", plain(*per.value)},
                                       {"text", shown(*per.value)},
                                       {"citation", per.citation},
                                       {"location", location(per.span)}});
      out.push_back(ordered_json{{"name", prm.name},
                                 {"type", ir::type_name(p, prm.type)},
                                 {"module", module_of(prm.module)},
                                 {"location", location(prm.span)},
                                 {"periods", periods}});
    }
    return out;
  }
  ordered_json tables() const {
    static constexpr const char* kHit[] = {"unique", "first", "collect sum", "collect min",
                                           "collect max"};
    ordered_json out = ordered_json::array();
    for (const auto& t : p.tables) {
      ordered_json columns = ordered_json::array();
      for (const auto& f : t.params)
        columns.push_back(ordered_json{{"name", f.name}, {"type", ir::type_name(p, f.type)}});
      ordered_json rows = ordered_json::array();
      for (const auto& row : t.rows) {
        ordered_json cells = ordered_json::array();
        for (const auto& cl : row.cells) cells.push_back(cell(cl));
        rows.push_back(ordered_json{
            {"cells", cells}, {"output", shown(*row.output)}, {"location", location(row.span)}});
      }
      out.push_back(ordered_json{{"name", t.name},
                                 {"columns", columns},
                                 {"result", ir::type_name(p, t.result)},
                                 {"hit", kHit[static_cast<int>(t.hit)]},
                                 {"citation", t.citation},
                                 {"module", module_of(t.module)},
                                 {"location", location(t.span)},
                                 {"rows", rows}});
    }
    return out;
  }
  ordered_json assumptions() const {
    ordered_json out = ordered_json::array();
    for (const auto& a : p.assumptions)
      out.push_back(ordered_json{{"text", a.text},
                                 {"citation", a.citation},
                                 {"module", module_of(a.module)},
                                 {"location", location(a.span)}});
    return out;
  }
  ordered_json conditions(const ir::Scheme& s) const {
    ordered_json out = ordered_json::array();
    for (const auto& cd : s.conditions)
      out.push_back(ordered_json{{"name", cd.name},
                                 {"text", source_text(cd.test->span)},
                                 {"citation", cd.citation},
                                 {"message", cd.message},
                                 {"location", location(cd.span)}});
    return out;
  }
  ordered_json rules() const {
    ordered_json out = ordered_json::array();
    for (const auto& r : p.rules)
      out.push_back(ordered_json{{"name", r.name},
                                 {"type", ir::type_name(p, r.type)},
                                 {"citation", r.citation},
                                 {"module", module_of(r.module)},
                                 {"location", location(r.span)}});
    return out;
  }
  ordered_json files() const {
    ordered_json out = ordered_json::array();
    for (size_t i = 0; i < c.sources.size(); ++i) {
      const auto& f = c.sources.file(static_cast<bareme::source::FileId>(i));
      out.push_back(ordered_json{{"path", f.path()}, {"text", f.text()}});
    }
    return out;
  }

  std::string document() const {
    ordered_json j;
    if (scheme) {
      const auto& s = p.schemes[*scheme];
      j["kind"] = "scheme";
      j["name"] = s.name;
      j["title"] = s.title;
      j["source_document"] = s.source_document;
      j["authority"] = s.authority;
      j["valid_from"] = date(s.valid_from);
      j["valid_until"] = date(s.valid_until);
      j["location"] = location(s.span);
      j["conditions"] = conditions(s);
      j["amount"] = ordered_json{{"text", source_text(s.amount->span)},
                                 {"citation", s.amount_citation},
                                 {"location", location(s.amount_span)}};
    } else {
      j["kind"] = "catalogue";
      j["name"] = p.modules.back().name;
      j["conditions"] = ordered_json::array();
    }
    j["parameters"] = params();
    j["tables"] = tables();
    j["assumptions"] = assumptions();
    j["rules"] = rules();
    j["files"] = files();
    return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  }
};

}  // namespace

extern "C" bareme_status bareme_document(const bareme_scheme* scheme, char** json,
                                         bareme_error** error) {
  return guard(error, [&] {
    require(json, "json");
    *json = nullptr;
    require(scheme, "scheme");
    const Writer w{*scheme->compilation, scheme->program(), scheme->scheme};
    *json = bareme::capi::copy_out(w.document());
  });
}
