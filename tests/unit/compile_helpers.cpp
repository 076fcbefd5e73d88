// Snippet compilation for unit tests.
#include "compile_helpers.hpp"

namespace bareme::testing {

std::unique_ptr<driver::Compilation> compile_snippet(const std::string& body, bool with_amount) {
  std::string text =
      "scheme demo \"Demo\"\n"
      "unit kW\nunit kVA\n"
      "enum Region { occitanie, bretagne }\n"
      "enum Size { small, medium, large }\n";
  text += body + "\n";
  if (with_amount) text += "amount = 0 €\n";
  return driver::compile_text("snippet.bareme", text);
}

std::vector<interp::Application> value_pairs(const ir::Program& program,
                                             const std::vector<int64_t>& values,
                                             const std::string& first) {
  std::vector<interp::Application> apps;
  for (int64_t a : values) {
    for (int64_t b : values) {
      interp::Application app;
      app.inputs.resize(program.inputs.size());
      for (size_t i = 0; i < program.inputs.size(); ++i)
        app.inputs[i] = runtime::Value::of(program.inputs[i].name == first ? a : b);
      apps.push_back(std::move(app));
    }
  }
  return apps;
}

std::vector<std::string> diagnostic_ids(const driver::Compilation& c) {
  std::vector<std::string> out;
  for (const auto& d : c.sink.diagnostics()) out.emplace_back(diag::id_name(d.id));
  return out;
}

std::string rule_type(const driver::Compilation& c, const std::string& name) {
  if (!c.program) return "";
  for (const auto& r : c.program->rules) {
    if (r.name == name) return ir::type_name(*c.program, r.type);
  }
  return "";
}

}  // namespace bareme::testing
