// Record fields read through values (`home.size`): references only the checked IR knows, since the
// record is the value's type.
#include "editor_program.hpp"
#include "ir/ir.hpp"
#include "ir/walk.hpp"

namespace bareme::editor {
namespace {

struct FieldUses {
  Indexing& ix;
  const ir::Program& p;

  void expr(const ir::ExprPtr& e) {
    if (e) expr(*e);
  }
  void expr(const ir::Expr& e) {
    if (const auto* f = std::get_if<ir::FieldRef>(&e.node); f && f->record && e.span.valid()) {
      const ir::Type record_type = f->record->type;
      if (record_type.is(ir::TypeKind::Record) && record_type.ref < p.records.size()) {
        const auto& record = p.records[record_type.ref];
        if (f->field < record.fields.size()) use(e.span, record, record.fields[f->field].name);
      }
    }
    ir::for_each_child(e, [&](const ir::Expr& child) { expr(child); });
  }
  // The field's name ends the span of `value.field`.
  void use(source::Span span, const ir::RecordDecl& record, const std::string& field) {
    uint32_t length = 0;
    for (unsigned char ch : field) length += (ch & 0xC0) != 0x80;
    if (span.end - span.begin < length) return;
    const source::Span name{span.file, span.end - length, span.end};
    const auto& src = ix.compilation.sources.file(span.file);
    if (src.slice(name.begin, name.end) != field) return;
    auto declaring = ix.members.find(ix.path_of(record.span.file));
    if (declaring == ix.members.end()) return;
    auto fields = declaring->second.find(record.name);
    if (fields == declaring->second.end()) return;
    auto key = fields->second.find(field);
    if (key == fields->second.end()) return;
    auto file = ix.program.files.find(ix.path_of(span.file));
    if (file != ix.program.files.end())
      file->second.references.push_back({ix.range(name), key->second});
  }
};

}  // namespace

void collect_field_references(Indexing& ix) {
  if (!ix.compilation.program) return;
  const ir::Program& p = *ix.compilation.program;
  FieldUses uses{ix, p};
  for (const auto& i : p.inputs) uses.expr(i.default_value);
  for (const auto& param : p.params) {
    for (const auto& period : param.periods) uses.expr(period.value);
  }
  for (const auto& r : p.rules) uses.expr(r.value);
  for (const auto& f : p.functions) uses.expr(f.body);
  for (const auto& t : p.tables) {
    for (const auto& row : t.rows) {
      uses.expr(row.output);
      for (const auto& cell : row.cells) {
        if (cell.lower) uses.expr(cell.lower->value);
        if (cell.upper) uses.expr(cell.upper->value);
        for (const auto& v : cell.values) uses.expr(v);
      }
    }
  }
  for (const auto& s : p.schemes) {
    for (const auto& c : s.conditions) uses.expr(c.test);
    uses.expr(s.amount);
    for (const auto& o : s.outputs) uses.expr(o.value);
  }
  for (const auto& c : p.combines) {
    for (const auto& a : c.aids) uses.expr(a.amount);
    for (const auto& cap : c.caps) {
      uses.expr(cap.limit);
      uses.expr(cap.when);
    }
  }
  for (const auto& t : p.tests) {
    uses.expr(t.as_of);
    for (const auto& g : t.given) uses.expr(g.value);
    for (const auto& x : t.expects) uses.expr(x);
  }
}

}  // namespace bareme::editor
