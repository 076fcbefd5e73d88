// What the checker knows of each definition, added to its symbol: types with units, and parameter
// values at a date.
#include <chrono>

#include "editor_program.hpp"
#include "ir/dump.hpp"
#include "ir/ir.hpp"
#include "runtime/values.hpp"

namespace bareme::editor {
namespace {

runtime::Days evaluation_day(const Options& options) {
  if (!options.as_of.empty()) {
    if (auto d = runtime::parse_date(options.as_of)) return *d;
  }
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return now.time_since_epoch().count();
}

}  // namespace

void add_ir_details(Indexing& ix) {
  const auto& c = ix.compilation;
  if (!c.program) return;
  const ir::Program& p = *c.program;
  auto symbol = [&](source::Span span, const std::string& name) -> Symbol* {
    auto it = ix.program.files.find(ix.path_of(span.file));
    if (it == ix.program.files.end()) return nullptr;
    for (auto& s : it->second.symbols) {
      if (s.container.empty() && s.name == name) return &s;
    }
    return nullptr;
  };
  auto set_type = [&](Symbol* s, ir::Type type) {
    if (s && !type.is_error()) s->type = ir::type_name(p, type);
  };
  for (const auto& i : p.inputs) set_type(symbol(i.span, i.name), i.type);
  for (const auto& r : p.rules) set_type(symbol(r.span, r.name), r.type);
  for (const auto& f : p.functions) set_type(symbol(f.span, f.name), f.result);
  for (const auto& t : p.tables) set_type(symbol(t.span, t.name), t.result);
  const runtime::Days day = evaluation_day(ix.options);
  for (const auto& param : p.params) {
    Symbol* s = symbol(param.span, param.name);
    if (!s) continue;
    set_type(s, param.type);
    for (const auto& period : param.periods) {
      if ((period.from && day < *period.from) || (period.until && day > *period.until)) continue;
      if (!period.value) break;
      if (const auto* literal = std::get_if<ir::Literal>(&period.value->node)) {
        s->value_at_date = ir::format_literal(p, period.value->type, *literal);
      } else if (period.value->span.valid()) {
        const auto& src = c.sources.file(period.value->span.file);
        s->value_at_date = std::string(src.slice(period.value->span.begin, period.value->span.end));
      }
      break;
    }
  }
  for (auto& [path, file] : ix.program.files) {
    for (const auto& s : file.symbols) ix.program.symbols[symbol_key(s)] = s;
  }
}

}  // namespace bareme::editor
