// The order of the semantic passes: names, signatures, bodies, then whole-program checks.
#include "sema/check.hpp"

#include <fmt/format.h>

#include "sema/checker.hpp"

namespace bareme::sema {

ir::Program check(const std::vector<const ast::File*>& files, const source::SourceManager& sources,
                  diag::Sink& sink, const std::string& repl_scheme) {
  return Checker(sources, sink, repl_scheme).run(files);
}

ir::Program Checker::run(const std::vector<const ast::File*>& files) {
  for (Index m = 0; m < files.size(); ++m) {
    const auto& f = *files[m];
    program_.modules.push_back(
        ir::Module{f.header.name.text, sources_.file(f.file).path(), f.header.is_scheme});
    module_scheme_.push_back(std::nullopt);
  }
  scopes_.resize(files.size());
  ambiguous_.resize(files.size());
  check_module_names(files);
  // Types first, so that signatures anywhere may name a type declared anywhere.
  for (Index m = 0; m < files.size(); ++m) collect_types(*files[m], m);
  for (Index m = 0; m < files.size(); ++m) collect_values(*files[m], m);
  resolve_imports(files);
  qualify_clashing_names();
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
  // Input defaults not read by any definition (most read none): last, so that a chain of
  // definitions is met from its start.
  check_all(DefKind::Input, program_.inputs.size());

  // Outputs read definitions without being one: after every definition, outside any cycle.
  for (Index i = 0; i < program_.schemes.size(); ++i) check_outputs(i);
  for (Index m = 0; m < files.size(); ++m) check_tests(*files[m], m);
  for (Index m = 0; m < files.size(); ++m) check_properties(*files[m], m);
  for (Index i = 0; i < program_.tables.size(); ++i) check_table_coverage(i);
  ir::mark_exact_values(program_);
  return std::move(program_);
}

}  // namespace bareme::sema
