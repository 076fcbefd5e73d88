// A partial evaluation's outcome as JSON (eval --missing, the API) and as text (the REPL).
#include <fmt/format.h>

#include "partial/partial.hpp"
#include "report/json_writer.hpp"
#include "report/results.hpp"

namespace bareme::partial {
namespace {

std::string euros(int64_t cents) {
  return runtime::format_scaled(cents, 2, 2);
}

const char* status_name(Status s) {
  switch (s) {
    case Status::Eligible:
      return "eligible";
    case Status::NotEligible:
      return "not_eligible";
    case Status::Undetermined:
      break;
  }
  return "undetermined";
}

}  // namespace

std::string render_json(const Outcome& o, const ir::Program& p, ir::Index scheme,
                        const source::SourceManager& sources) {
  report::JsonWriter w;
  w.begin_object().field("scheme", p.schemes[scheme].name).field("status", status_name(o.status));
  w.key("eligible");
  if (o.status == Status::Undetermined)
    w.null();
  else
    w.boolean(o.status == Status::Eligible);
  w.key("amount");
  if (o.status == Status::Undetermined)
    w.null();
  else
    w.number(euros(o.amount));
  w.key("failed_condition");
  if (o.failed) {
    w.begin_object().field("condition", o.failed->name).field("citation", o.failed->citation);
    w.field("message", o.failed->message)
        .field("location", report::location(sources, o.failed_span));
    if (o.failed->not_applicable) w.field_bool("not_applicable", true);
    w.end_object();
  } else {
    w.null();
  }
  w.key("error");
  if (o.error) {
    const auto& e = *o.error;
    w.begin_object().field("code", runtime::error_name(e.code)).field("message", e.message);
    w.field("rule", e.rule)
        .field("citation", e.citation)
        .field("location", report::location(sources, e.span))
        .end_object();
  } else {
    w.null();
  }
  w.key("missing").begin_array();
  for (const auto& m : o.missing) {
    const auto& in = p.inputs[m.input];
    w.begin_object()
        .field("input", in.name)
        .field("type", ir::type_name(p, in.type))
        .field("doc", in.doc);
    w.field_number("decides", std::to_string(m.decides)).end_object();
  }
  w.end_array().key("undecided").begin_array();
  for (const auto& u : o.undecided) w.string(u);
  w.end_array();
  w.field_number("asked", std::to_string(o.missing.size()))
      .field_number("answered", std::to_string(o.answered));
  w.end_object();
  return w.str();
}

std::string render_text(const Outcome& o, const ir::Program& p,
                        const source::SourceManager& sources) {
  switch (o.status) {
    case Status::Eligible:
      return fmt::format("eligible, amount {}\n", runtime::format_money(o.amount));
    case Status::NotEligible:
      return fmt::format("not eligible: {} fails ({}){}\n", o.failed->name, o.failed->message,
                         o.failed->citation.empty() ? "" : ", " + o.failed->citation);
    case Status::Undetermined:
      break;
  }
  std::string out = "undetermined";
  if (o.error) out += ": the evaluation fails: " + report::describe_error(*o.error, sources);
  out += "\n";
  if (o.missing.empty()) return out;
  out += "still needed, ask in this order:\n";
  for (const auto& m : o.missing) {
    const auto& in = p.inputs[m.input];
    out += fmt::format("  {} : {}  decides {} condition{} or branch{}{}\n", in.name,
                       ir::type_name(p, in.type), m.decides, m.decides == 1 ? "" : "s",
                       m.decides == 1 ? "" : "es", in.doc.empty() ? "" : "  " + in.doc);
  }
  return out;
}

}  // namespace bareme::partial
