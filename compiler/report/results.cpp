// Result JSON for `bareme eval` and input errors.
#include "report/results.hpp"

#include <fmt/format.h>

#include "report/json_writer.hpp"
#include "report/result_fields.hpp"

namespace bareme::report {
namespace {

std::string euros(int64_t cents) { return runtime::format_scaled(cents, 2, 2); }

void write_levels(JsonWriter& w, const std::vector<interp::LevelResult>& levels) {
  static constexpr const char* kPolicies[] = {"first", "sum", "best"};
  w.key("levels").begin_array();
  for (const auto& l : levels) {
    w.begin_object().field("name", l.name).field("policy", kPolicies[static_cast<int>(l.policy)]);
    w.field_bool("eligible", l.eligible).field_number("amount", euros(l.amount)).key("winner");
    if (l.winner) w.string(l.members[*l.winner].name); else w.null();
    w.key("members").begin_array();
    for (size_t k = 0; k < l.members.size(); ++k) {
      const auto& m = l.members[k];
      w.begin_object().field("name", m.name).field("kind", m.is_level ? "level" : "scheme").key("priority");
      if (m.priority) w.number(std::to_string(*m.priority)); else w.null();
      w.field_bool("evaluated", m.evaluated).key("applies");
      if (m.evaluated) w.boolean(m.applies); else w.null();
      w.key("amount");
      if (m.evaluated) w.number(euros(m.amount)); else w.null();
      const bool counts = m.applies && (l.policy == ir::LevelPolicy::Sum || l.winner == k);
      w.field_bool("counts", counts).end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
}

}  // namespace

void write_outputs(JsonWriter& w, std::string_view key, const std::vector<interp::OutputResult>& outputs,
                   const source::SourceManager& sources) {
  w.key(key).begin_array();
  for (const auto& o : outputs) {
    w.begin_object().field("name", o.name).field("type", o.type_name).key("value");
    if (!o.value) {
      w.null();
    } else if (interp::plain_is_number(o.type)) {
      w.number(o.plain);
    } else if (o.type.is(ir::TypeKind::Bool)) {
      w.boolean(o.plain == "true");
    } else {
      w.string(o.plain);
    }
    w.key("text");
    if (o.value) w.string(o.text); else w.null();
    if (o.error) {
      w.key("error").begin_object().field("code", runtime::error_name(o.error->code)).field("message", o.error->message);
      w.field("location", location(sources, o.error->span)).end_object();
    }
    w.end_object();
  }
  w.end_array();
}

std::string location(const source::SourceManager& sources, source::Span span) {
  if (!span.valid()) return "";
  const auto& f = sources.file(span.file);
  const auto loc = f.locate(span.begin);
  return fmt::format("{}:{}:{}", f.path(), loc.line, loc.column);
}

std::string describe_error(const interp::RuntimeError& e, const source::SourceManager& sources) {
  std::string out = fmt::format("{}[{}]: {}", location(sources, e.span), runtime::error_name(e.code), e.message);
  if (!e.rule.empty()) out += fmt::format(" (in `{}`{})", e.rule, e.citation.empty() ? "" : ", § " + e.citation);
  return out;
}

void write_result_fields(JsonWriter& w, const interp::Result& r, const source::SourceManager& sources) {
  w.field("scheme", r.scheme);
  w.key("evaluation_date");
  if (r.as_of) w.string(runtime::format_date(*r.as_of)); else w.null();
  if (r.error) {
    w.key("eligible").null();
    w.key("amount").null();
  } else {
    w.field_bool("eligible", r.eligible);
    w.field_number("amount", euros(r.amount));
  }
  w.key("failed").begin_array();
  if (!r.error) {
    for (const auto& f : r.failed) {
      w.begin_object().field("condition", f.name).field("citation", f.citation).field("message", f.message);
      if (f.not_applicable) w.field_bool("not_applicable", true);
      w.end_object();
    }
  }
  w.end_array();
  w.key("combines").begin_array();
  if (!r.error) {
    for (const auto& c : r.combines) {
      w.begin_object().field("name", c.name).key("aids").begin_array();
      for (const auto& a : c.aids) {
        w.begin_object().field("name", a.name).field_number("before", euros(a.before)).field_number("after", euros(a.after));
        w.field_number("removed", euros(a.before - a.after)).end_object();
      }
      w.end_array().key("caps").begin_array();
      for (const auto& cap : c.caps) {
        w.begin_object().field("citation", cap.citation).field_bool("applied", cap.applied);
        w.field_number("total", euros(cap.total)).field_number("limit", euros(cap.limit));
        w.field_number("excess", euros(cap.excess)).key("absorbed_by").begin_array();
        for (const auto& [name, cents] : cap.absorbed) {
          w.begin_object().field("aid", name).field_number("amount", euros(cents)).end_object();
        }
        w.end_array().field_number("unabsorbed", euros(cap.unabsorbed)).end_object();
      }
      w.end_array().end_object();
    }
  }
  w.end_array();
  // Only a scheme whose file declares levels lists them, so that other results keep their shape.
  if (!r.levels.empty() && !r.error) write_levels(w, r.levels);
  if (!r.outputs.empty()) write_outputs(w, "outputs", r.outputs, sources);
  w.key("errors").begin_array();
  if (r.error) {
    const auto& e = *r.error;
    w.begin_object().field("code", runtime::error_name(e.code)).field("message", e.message);
    w.field("rule", e.rule).field("citation", e.citation).field("location", location(sources, e.span)).end_object();
  }
  w.end_array();
}

std::string result_json(const interp::Result& r, const source::SourceManager& sources,
                        const std::vector<interp::OutputResult>& shown) {
  JsonWriter w;
  w.begin_object();
  write_result_fields(w, r, sources);
  if (!shown.empty()) write_outputs(w, "shown", shown, sources);
  w.end_object();
  return w.str();
}

std::string input_errors_json(const std::vector<inputs::InputError>& errors) {
  JsonWriter w;
  w.begin_object().key("input_errors").begin_array();
  for (const auto& e : errors) w.begin_object().field("path", e.path).field("message", e.message).end_object();
  w.end_array().end_object();
  return w.str();
}

}  // namespace bareme::report
