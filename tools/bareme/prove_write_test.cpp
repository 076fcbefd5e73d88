// Writing a counterexample of `bareme prove --write-test` as a `test` block of its scheme's file.
#include "prove_write_test.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <limits>

namespace bareme::tools {
namespace {

// `value` as a constant of the language: format_value, but the least number of its type (which
// the solver likes) as `-MAX - 1`, its negation being out of range.
std::string constant(const ir::Program& program, ir::Type type, const runtime::Value& value) {
  if (type.is(ir::TypeKind::Record) || type.is(ir::TypeKind::List)) {
    const bool list = type.is(ir::TypeKind::List);
    const auto& fields = program.records[type.ref].fields;
    const ir::Type element = ir::Type::of(ir::TypeKind::Record, type.ref);
    std::string out;
    for (size_t k = 0; k < value.elements().size(); ++k) {
      const auto& v = value.elements()[k];
      out +=
          (k ? ", " : "") + (list ? constant(program, element, v)
                                  : fields[k].name + ": " + constant(program, fields[k].type, v));
    }
    return list ? "[" + out + "]" : "{" + out + "}";
  }
  const bool number = type.is(ir::TypeKind::Int) || type.is(ir::TypeKind::Money) ||
                      type.is(ir::TypeKind::Decimal) || type.is(ir::TypeKind::Rate) ||
                      type.is(ir::TypeKind::Quantity);
  if (!number || value.wide || value.scalar != std::numeric_limits<int64_t>::min())
    return interp::format_value(program, type, value);
  runtime::Value above = value, unit = value;
  above.scalar += 1;
  unit.scalar = 1;
  return fmt::format("({} - {})", interp::format_value(program, type, above),
                     interp::format_value(program, type, unit));
}

}  // namespace

std::string counterexample_test_block(const ir::Program& program, const CounterexampleTest& t) {
  std::string given;
  for (size_t i = 0; i < program.inputs.size() && i < t.app->inputs.size(); ++i) {
    if (!t.app->inputs[i]) continue;
    const auto& in = program.inputs[i];
    given += fmt::format("{}\n        {} = {}", given.empty() ? "" : ",", in.name,
                         constant(program, in.type, *t.app->inputs[i]));
  }
  std::string block = fmt::format(
      "\n# Written by `bareme prove --write-test`: a counterexample to `{}`, confirmed by the\n"
      "# interpreter and the JIT. It fails until the scheme is fixed.\n"
      "test \"prove: counterexample to {}{}\" {{\n",
      t.name, t.name, t.as_of ? " as of " + runtime::format_date(*t.as_of) : "");
  if (!given.empty()) block += fmt::format("  given {}\n", given.substr(9));
  if (t.as_of) block += fmt::format("  as of {}\n", runtime::format_date(*t.as_of));
  return block + fmt::format("  expect {}\n}}\n", t.expect);
}

std::optional<std::string> append_counterexample_test(const ir::Program& program,
                                                      const source::SourceManager& sources,
                                                      ir::Index scheme,
                                                      const CounterexampleTest& t) {
  const auto& file = sources.file(program.schemes[scheme].span.file);
  std::string block = counterexample_test_block(program, t);
  // The block starts on a line of its own even when the file does not end with a newline.
  if (!file.text().empty() && file.text().back() != '\n') block.insert(0, "\n");
  std::ofstream out(file.path(), std::ios::binary | std::ios::app);
  out << block;
  out.close();
  if (out) return file.path();
  std::cerr << fmt::format("bareme prove: --write-test: cannot append to `{}`\n", file.path());
  return std::nullopt;
}

}  // namespace bareme::tools
