// The order of the semantic passes: names, signatures, bodies, then whole-program checks.
#include "sema/check.hpp"

#include <fmt/format.h>

#include "sema/checker.hpp"

namespace bareme::sema {

ir::Program check(const std::vector<const ast::File*>& files, const source::SourceManager& sources,
                  diag::Sink& sink) {
  return Checker(sources, sink).run(files);
}

ir::Program Checker::run(const std::vector<const ast::File*>& files) {
  for (Index m = 0; m < files.size(); ++m) {
    const auto& f = *files[m];
    program_.modules.push_back(
        ir::Module{f.header.name.text, sources_.file(f.file).path(), f.header.is_scheme});
    module_scheme_.push_back(std::nullopt);
  }
  // Types first, so that signatures anywhere may name a type declared anywhere.
  for (Index m = 0; m < files.size(); ++m) collect_types(*files[m], m);
  for (Index m = 0; m < files.size(); ++m) collect_values(*files[m], m);
  resolve_signatures();
  for (Index m = 0; m < files.size(); ++m) attach_scheme_parts(*files[m], m);
  attach_level_members(files);

  auto check_all = [&](DefKind kind, size_t count) {
    for (Index i = 0; i < count; ++i) ensure(DefNode{kind, i});
  };
  check_all(DefKind::Param, program_.params.size());
  check_all(DefKind::Rule, program_.rules.size());
  check_all(DefKind::Function, program_.functions.size());
  check_all(DefKind::Table, program_.tables.size());
  check_all(DefKind::Scheme, program_.schemes.size());
  check_all(DefKind::Combine, program_.combines.size());
  check_all(DefKind::Level, program_.levels.size());

  for (Index i = 0; i < program_.inputs.size(); ++i) {
    const auto* decl = input_ast_[i];
    if (decl->default_value == nullptr) continue;
    module_ = program_.inputs[i].module;
    auto value = coerce(expr(*decl->default_value, &program_.inputs[i].type), program_.inputs[i].type,
                        fmt::format("the default of `{}`", decl->name.text));
    if (!value->type.is_error() && !is_constant(*value)) {
      sink_.report(diag::Id::NotConstant, value->span,
                   fmt::format("the default of input `{}` must be a constant", decl->name.text));
    }
    program_.inputs[i].default_value = std::move(value);
  }
  for (Index m = 0; m < files.size(); ++m) check_tests(*files[m], m);
  for (Index i = 0; i < program_.tables.size(); ++i) check_table_coverage(i);
  return std::move(program_);
}

}  // namespace bareme::sema
