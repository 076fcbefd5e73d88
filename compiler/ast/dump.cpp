// AST dump: indentation shows nesting, `@line:col` the start of each node's span.
#include "ast/dump.hpp"

#include <fmt/format.h>

namespace bareme::ast {
namespace {

class Dumper {
 public:
  Dumper(const source::SourceManager& sources, bool with_spans) : sources_(sources), with_spans_(with_spans) {}

  std::string run(const File& file) {
    const auto& h = file.header;
    line(0, h.span, fmt::format("{} {} \"{}\"", h.is_scheme ? "scheme" : "module", h.name.text, h.title));
    if (!h.source_document.empty()) line(1, {}, fmt::format("source \"{}\"", h.source_document));
    if (!h.authority.empty()) line(1, {}, fmt::format("authority \"{}\"", h.authority));
    if (h.valid_from || h.valid_until) {
      line(1, h.valid_span, fmt::format("valid from {} until {}", h.valid_from.value_or("-"), h.valid_until.value_or("-")));
    }
    if (h.as_of) line(1, h.as_of->span, "as of " + h.as_of->text);
    for (const auto& m : h.levels) membership(1, m);
    for (const auto& i : file.imports) line(0, i.span, fmt::format("import \"{}\"", i.path));
    for (const auto& d : file.decls) std::visit([&](const auto& x) { decl(x); }, d);
    return out_;
  }

 private:
  void line(int depth, source::Span span, const std::string& text) {
    out_ += std::string(static_cast<size_t>(depth) * 2, ' ') + text;
    if (with_spans_ && span.valid()) {
      const auto loc = sources_.file(span.file).locate(span.begin);
      out_ += fmt::format(" @{}:{}", loc.line, loc.column);
    }
    out_ += '\n';
  }

  static std::string type(const TypeRef& t) {
    std::string out = t.element ? fmt::format("{}<{}>", t.name.text, type(*t.element)) : t.name.text;
    for (const auto& per : t.per) out += "/" + per.text;
    return out;
  }
  static std::string cite(const std::optional<Citation>& c) {
    return c ? fmt::format(" § \"{}\"", c->text) : "";
  }

  void expr(int depth, const Expr* e) {
    if (e == nullptr) return line(depth, {}, "<none>");
    std::string head;
    switch (e->kind) {
      case ExprKind::Number: head = fmt::format("number {}{}", e->text, e->suffix.empty() ? "" : " " + e->suffix); break;
      case ExprKind::Date: head = "date " + e->text; break;
      case ExprKind::String: head = fmt::format("string \"{}\"", e->text); break;
      case ExprKind::Bool: head = "bool " + e->text; break;
      case ExprKind::Name: head = "name " + e->text; break;
      case ExprKind::Field: head = "field ." + e->text; break;
      case ExprKind::Call: head = "call " + e->text; break;
      case ExprKind::Comprehension: head = fmt::format("{} over {}", e->text, e->var.text); break;
      case ExprKind::Unary: head = "unary " + e->op; break;
      case ExprKind::Binary: head = "binary " + e->op; break;
      case ExprKind::In: head = e->negated ? "not in" : "in"; break;
      case ExprKind::Set: head = "set"; break;
      case ExprKind::List: head = "list"; break;
      case ExprKind::Record: head = "record"; break;
      case ExprKind::Match: head = "match"; break;
      case ExprKind::If: head = "if"; break;
      case ExprKind::Cap: head = "capped at"; break;
      case ExprKind::NotApplicable: head = "not applicable"; break;
    }
    line(depth, e->span, head);
    for (size_t i = 0; i < e->operands.size(); ++i) {
      if (i < e->labels.size() && !e->labels[i].text.empty() && e->kind != ExprKind::Field &&
          e->kind != ExprKind::Comprehension) {
        line(depth + 1, e->labels[i].span, e->labels[i].text + ":");
      }
      expr(depth + 1, e->operands[i].get());
    }
    if (e->projection) {
      line(depth + 1, {}, "each:");
      expr(depth + 2, e->projection.get());
    }
    if (e->where) {
      line(depth + 1, {}, "where:");
      expr(depth + 2, e->where.get());
    }
    for (const auto& arm : e->arms) {
      std::string pats;
      for (const auto& p : arm.patterns) pats += (pats.empty() ? "" : " | ") + p.text;
      line(depth + 1, arm.span, "arm " + pats);
      expr(depth + 2, arm.value.get());
    }
  }

  void decl(const EnumDecl& d) {
    std::string cases;
    for (const auto& c : d.cases) {
      cases += (cases.empty() ? "" : ", ") + c.name.text;
      if (c.open) cases += " = any";
      if (!c.code.empty()) cases += fmt::format(" = \"{}\"", c.code);
    }
    line(0, d.span, fmt::format("enum {} {{ {} }}", d.name.text, cases));
  }
  void decl(const RecordDecl& d) {
    line(0, d.span, "record " + d.name.text);
    for (const auto& f : d.fields) line(1, f.name.span, fmt::format("{} : {}", f.name.text, type(f.type)));
  }
  void decl(const UnitDecl& d) { line(0, d.span, "unit " + d.name.text); }
  void decl(const InputDecl& d) {
    line(0, d.span, fmt::format("input {} : {}", d.name.text, type(d.type)));
    if (d.default_value) expr(1, d.default_value.get());
    if (d.at_least) {
      line(1, d.at_least->span, "at least");
      expr(2, d.at_least.get());
    }
    if (d.at_most) {
      line(1, d.at_most->span, "at most");
      expr(2, d.at_most.get());
    }
    if (!d.values_path.empty()) line(1, d.values_span, fmt::format("one of \"{}\"", d.values_path));
  }
  void decl(const ParamDecl& d) {
    line(0, d.span, fmt::format("param {} : {}", d.name.text, type(d.type)));
    for (const auto& v : d.values) {
      line(1, v.period_span, fmt::format("from {} until {}{}", v.from.value_or("-"), v.until.value_or("-"), cite(v.citation)));
      expr(2, v.value.get());
    }
  }
  void decl(const LetDecl& d) {
    std::string params;
    for (const auto& p : d.params) params += (params.empty() ? "" : ", ") + p.name.text + ": " + type(p.type);
    line(0, d.span, fmt::format("let {}{}{}{}{}", d.name.text, d.is_function ? "(" + params + ")" : "",
                                d.type ? " : " + type(*d.type) : "", d.unless_given ? " unless given" : "",
                                cite(d.citation)));
    expr(1, d.value.get());
  }
  void decl(const OutputDecl& d) {
    std::string names;
    for (const auto& n : d.names) names += (names.empty() ? "" : ", ") + n.text;
    line(0, d.span, "output " + names);
  }
  void decl(const AssumeDecl& d) { line(0, d.span, fmt::format("assume \"{}\"{}", d.text, cite(d.citation))); }
  void decl(const PropertyDecl& d) {
    line(0, d.span, fmt::format("property {} \"{}\"{}", d.name.text, d.sentence, cite(d.citation)));
    for (const auto& g : d.given) {
      line(1, g->span, "given");
      expr(2, g.get());
    }
    expr(1, d.test.get());
  }
  void decl(const TableDecl& d) {
    line(0, d.span, fmt::format("table {} -> {} {} {}{}", d.name.text, type(d.result), d.hit_policy, d.aggregation, cite(d.citation)));
    for (const auto& p : d.params) line(1, p.name.span, fmt::format("{} : {}", p.name.text, type(p.type)));
    for (const auto& r : d.rows) {
      line(1, r.span, "row");
      for (const auto& c : r.cells) {
        switch (c.kind) {
          case CellKind::Any: line(2, c.span, "any"); break;
          case CellKind::Bound: line(2, c.span, c.op); expr(3, c.first.get()); break;
          case CellKind::Interval:
            line(2, c.span, fmt::format("interval {}{}", c.open_low ? "(" : "[", c.open_high ? ")" : "]"));
            expr(3, c.first.get());
            expr(3, c.second.get());
            break;
          case CellKind::Value: expr(2, c.first.get()); break;
        }
      }
    }
  }
  void decl(const EligibleDecl& d) {
    line(0, d.span, "eligible when");
    for (const auto& c : d.conditions) {
      line(1, c.span, fmt::format("condition{}{}{}", c.label ? " " + c.label->text : "", cite(c.citation),
                                  c.message ? fmt::format(" else \"{}\"", *c.message) : ""));
      expr(2, c.test.get());
    }
  }
  void decl(const AmountDecl& d) {
    line(0, d.span, "amount" + cite(d.citation));
    expr(1, d.value.get());
  }
  void decl(const CombineDecl& d) {
    line(0, d.span, fmt::format("combine {} \"{}\"{}", d.name.text, d.title, cite(d.citation)));
    for (const auto& a : d.aids) {
      line(1, a.span, "aid " + a.name.text + cite(a.citation));
      expr(2, a.value.get());
    }
    for (const auto& c : d.caps) {
      std::string targets = c.total ? "total" : "";
      for (const auto& t : c.targets) targets += (targets.empty() ? "" : " + ") + t.text;
      std::string absorbers;
      for (const auto& a : c.absorbers) absorbers += (absorbers.empty() ? "" : ", ") + a.text;
      line(1, c.span, fmt::format("cap {} absorbed by [{}]{}", targets, absorbers, cite(c.citation)));
      expr(2, c.limit.get());
      if (c.when) {
        line(2, {}, "when:");
        expr(3, c.when.get());
      }
    }
  }
  void membership(int depth, const Membership& m) {
    line(depth, m.span, fmt::format("in {}{}", m.level.text, m.priority ? " priority " + *m.priority : ""));
  }
  void decl(const LevelDecl& d) {
    line(0, d.span, fmt::format("level {} \"{}\" {}{}", d.name.text, d.title, d.policy, cite(d.citation)));
    for (const auto& m : d.memberships) membership(1, m);
  }
  void decl(const TestDecl& d) {
    line(0, d.span, fmt::format("test \"{}\"", d.name));
    for (const auto& b : d.given) {
      line(1, b.name.span, "given " + b.name.text);
      expr(2, b.value.get());
    }
    if (d.as_of) {
      line(1, {}, "as of");
      expr(2, d.as_of.get());
    }
    for (const auto& e : d.expects) {
      line(1, {}, "expect");
      expr(2, e.get());
    }
  }

  const source::SourceManager& sources_;
  bool with_spans_;
  std::string out_;
};

}  // namespace

std::string dump(const File& file, const source::SourceManager& sources, bool with_spans) {
  return Dumper(sources, with_spans).run(file);
}

}  // namespace bareme::ast
