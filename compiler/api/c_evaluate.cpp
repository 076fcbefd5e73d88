// The C ABI's one-application functions: bareme_evaluate, bareme_explain and bareme_missing,
// through the interpreter, printing exactly what `bareme eval`, `bareme explain --format json`
// and `bareme eval --missing` print.
#include "api/c_evaluate.hpp"

#include "api/c_internal.hpp"
#include "partial/partial.hpp"
#include "report/results.hpp"

using bareme::capi::fail;
using bareme::capi::guard;
using bareme::capi::require;

namespace bareme::capi {

interp::Application read_json_application(const bareme_scheme& scheme, const char* json,
                                          const Options& o) {
  auto parsed = inputs::parse_json(json);
  if (auto* e = std::get_if<inputs::JsonError>(&parsed)) {
    std::string where =
        e->line ? std::to_string(e->line) + ":" + std::to_string(e->column) + ": " : "";
    fail(BAREME_BAD_JSON, "the application is not JSON: " + where + e->message);
  }
  const auto& document = std::get<inputs::Json>(parsed);
  if (document.kind != inputs::Json::Kind::Object)
    fail(BAREME_BAD_JSON,
         "the application is JSON " + std::string(document.kind_name()) + ", not an object");
  // A missing input is not bad input here: the result is undetermined (MissingInput).
  auto read =
      inputs::read_application(scheme.program(), document, false,
                               o.strict ? inputs::UnknownMembers::Error : inputs::UnknownMembers::Ignore);
  if (!read.errors.empty()) {
    std::string message;
    for (const auto& e : read.errors)
      message += (message.empty() ? "" : "\n") + ("bad input at " + e.path + ": " + e.message);
    fail(BAREME_BAD_INPUT, message);
  }
  if (o.as_of) read.app.as_of = o.as_of;
  read.app.param_overrides = scheme.overrides;
  return std::move(read.app);
}

namespace {
interp::Options limits_of(const Options& o, bool trace) {
  return interp::Options{.trace = trace,
                         .max_steps = o.max_steps ? o.max_steps : interp::kDefaultMaxSteps,
                         .time_limit_seconds = o.time_limit_seconds};
}
}  // namespace

interp::Result evaluate_one(const bareme_scheme& scheme, const char* json,
                            const bareme_options* options, bool trace) {
  const Options o = read_options(options);
  const ir::Index s = evaluated_scheme(&scheme);
  const auto app = read_json_application(scheme, json, o);
  return interp::evaluate(scheme.program(), s, app, limits_of(o, trace));
}

std::string missing_one(const bareme_scheme& scheme, const char* json,
                        const bareme_options* options) {
  const Options o = read_options(options);
  const ir::Index s = evaluated_scheme(&scheme);
  const auto app = read_json_application(scheme, json, o);
  return partial::missing_json(scheme.program(), s, app, limits_of(o, false),
                               scheme.compilation->sources);
}

}  // namespace bareme::capi

namespace {
// The three JSON calls: arguments checked, *out cleared, then `answer` gives the text to copy out.
template <class Answer>
bareme_status json_call(const bareme_scheme* scheme, const char* application_json, char** out,
                        const char* out_name, bareme_error** error, Answer&& answer) {
  return bareme::capi::guard(error, [&] {
    bareme::capi::require(out, out_name);
    *out = nullptr;
    bareme::capi::require(scheme, "scheme");
    bareme::capi::require(application_json, "application_json");
    *out = bareme::capi::copy_out(answer());
  });
}
}  // namespace

extern "C" {

bareme_status bareme_evaluate(const bareme_scheme* scheme, const char* application_json,
                              const bareme_options* options, char** result_json,
                              bareme_error** error) {
  return json_call(scheme, application_json, result_json, "result_json", error, [&] {
    const auto result = bareme::capi::evaluate_one(*scheme, application_json, options, false);
    return bareme::report::result_json(result, scheme->compilation->sources);
  });
}

bareme_status bareme_explain(const bareme_scheme* scheme, const char* application_json,
                             const bareme_options* options, char** explain_json,
                             bareme_error** error) {
  return json_call(scheme, application_json, explain_json, "explain_json", error, [&] {
    const auto result = bareme::capi::evaluate_one(*scheme, application_json, options, true);
    return bareme::report::explain_json(result, scheme->compilation->sources);
  });
}

bareme_status bareme_missing(const bareme_scheme* scheme, const char* application_json,
                             const bareme_options* options, char** missing_json,
                             bareme_error** error) {
  return json_call(scheme, application_json, missing_json, "missing_json", error,
                   [&] { return bareme::capi::missing_one(*scheme, application_json, options); });
}

}  // extern "C"
