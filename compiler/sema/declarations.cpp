// The first passes: every name is declared, then every signature's types are resolved.
#include <fmt/format.h>

#include <map>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

const std::map<std::string, TypeKind>& builtin_types() {
  static const std::map<std::string, TypeKind> types = {
      {"Bool", TypeKind::Bool},     {"Int", TypeKind::Int},   {"Decimal", TypeKind::Decimal},
      {"Money", TypeKind::Money},   {"Rate", TypeKind::Rate}, {"Date", TypeKind::Date},
      {"Duration", TypeKind::Duration}, {"Text", TypeKind::Text},
  };
  return types;
}

template <typename T>
const T* as(const ast::Decl& d) {
  return std::get_if<T>(&d);
}

}  // namespace

std::string Checker::describe(SymbolKind kind) const {
  switch (kind) {
    case SymbolKind::Enum: return "an enum";
    case SymbolKind::Record: return "a record type";
    case SymbolKind::Unit: return "a unit";
    case SymbolKind::Input: return "an input";
    case SymbolKind::Param: return "a parameter";
    case SymbolKind::Rule: return "a definition";
    case SymbolKind::Function: return "a function";
    case SymbolKind::Table: return "a table";
    case SymbolKind::Scheme: return "a scheme";
    case SymbolKind::Combine: return "a combine";
    case SymbolKind::Level: return "a level";
  }
  return "a name";
}

bool Checker::declare(const std::string& name, SymbolKind kind, Index index, source::Span span) {
  if (name == "amount" || name == "eligible") {
    sink_.report(diag::Id::DuplicateName, span, fmt::format("`{}` names the result of a scheme; choose another name", name));
    return false;
  }
  if (builtin_types().count(name) || name == "List") {
    sink_.report(diag::Id::DuplicateName, span, fmt::format("`{}` is a built-in type", name))
        .hint("choose another name");
    return false;
  }
  auto [it, inserted] = scopes_[module_].declared.emplace(name, Symbol{kind, index, span});
  if (inserted) declared_anywhere_[name].push_back(module_);
  if (!inserted) {
    sink_.report(diag::Id::DuplicateName, span,
                 fmt::format("`{}` is already defined as {}", name, describe(it->second.kind)))
        .note("first defined here", it->second.span);
  }
  return inserted;
}

void Checker::collect_types(const ast::File& file, Index module) {
  module_ = module;
  for (const auto& d : file.decls) {
    if (const auto* e = as<ast::EnumDecl>(d)) {
      const auto index = static_cast<Index>(program_.enums.size());
      ir::EnumDecl out{e->name.text, {}, module, e->span, {}, {}, false};
      std::map<std::string, source::Span> seen;
      for (const auto& c : e->cases) {
        auto [it, fresh] = seen.emplace(c.name.text, c.name.span);
        if (!fresh) {
          sink_.report(diag::Id::DuplicateName, c.name.span,
                       fmt::format("enum `{}` lists the case `{}` twice", e->name.text, c.name.text))
              .note("first listed here", it->second);
          continue;
        }
        enum_cases_[c.name.text].emplace_back(index, static_cast<Index>(out.cases.size()));
        out.cases.push_back(ir::EnumCase{c.name.text, c.label, c.code, c.open});
      }
      check_codes(*e);
      ir::index_spellings(out);
      program_.enums.push_back(std::move(out));
      enum_local_names_.push_back(e->name.text);
      declare(e->name.text, SymbolKind::Enum, index, e->name.span);
    } else if (const auto* r = as<ast::RecordDecl>(d)) {
      const auto index = static_cast<Index>(program_.records.size());
      program_.records.push_back(ir::RecordDecl{r->name.text, {}, module, r->span});
      record_ast_.push_back(r);
      declare(r->name.text, SymbolKind::Record, index, r->name.span);
    } else if (const auto* u = as<ast::UnitDecl>(d)) {
      const auto index = static_cast<Index>(program_.units.size());
      program_.units.push_back(ir::UnitDecl{u->name.text, u->label, module, u->span});
      declare(u->name.text, SymbolKind::Unit, index, u->name.span);
    }
  }
}

void Checker::collect_values(const ast::File& file, Index module) {
  module_ = module;
  const auto& h = file.header;
  if (!h.is_scheme && h.as_of) {
    sink_.report(diag::Id::SchemeOnly, h.as_of->span, "`as of` belongs in a scheme header; a module is never evaluated")
        .hint("move `as of` to the scheme that imports this module");
  }
  if (!h.is_scheme && h.rounding) {
    sink_.report(diag::Id::SchemeOnly, h.rounding->span, "`rounding` belongs in a scheme header; a module pays nothing")
        .hint("declare the rounding mode in the scheme that imports this module");
  }
  if (h.is_scheme) {
    const auto index = static_cast<Index>(program_.schemes.size());
    ir::Scheme s;
    s.name = h.name.text;
    s.title = h.title;
    s.source_document = h.source_document;
    s.authority = h.authority;
    if (h.valid_from) s.valid_from = date(*h.valid_from, h.valid_span);
    if (h.valid_until) s.valid_until = date(*h.valid_until, h.valid_span);
    if (s.valid_from && s.valid_until && *s.valid_from > *s.valid_until) {
      sink_.report(diag::Id::InvalidLiteral, h.valid_span, "the scheme's validity ends before it starts");
    }
    s.module = module;
    s.span = h.span;
    if (h.rounding) s.rounding = rounding_mode(*h.rounding);
    program_.schemes.push_back(std::move(s));
    scheme_eligible_ast_.emplace_back();
    scheme_amount_ast_.push_back(nullptr);
    scheme_output_ast_.emplace_back();
    module_scheme_[module] = index;
    declare(h.name.text, SymbolKind::Scheme, index, h.name.span);
  }
  for (const auto& d : file.decls) {
    if (const auto* i = as<ast::InputDecl>(d)) {
      const auto index = static_cast<Index>(program_.inputs.size());
      ir::Input in;
      in.name = i->name.text;
      in.doc = i->doc;
      in.module = module;
      in.span = i->span;
      program_.inputs.push_back(std::move(in));
      input_ast_.push_back(i);
      input_let_ast_.push_back(nullptr);
      declare(i->name.text, SymbolKind::Input, index, i->name.span);
    } else if (const auto* p = as<ast::ParamDecl>(d)) {
      const auto index = static_cast<Index>(program_.params.size());
      program_.params.push_back(ir::Param{p->name.text, {}, {}, module, p->span});
      param_ast_.push_back(p);
      declare(p->name.text, SymbolKind::Param, index, p->name.span);
    } else if (const auto* l = as<ast::LetDecl>(d)) {
      if (l->is_function) {
        const auto index = static_cast<Index>(program_.functions.size());
        ir::Function f;
        f.name = l->name.text;
        f.citation = l->citation ? l->citation->text : "";
        f.module = module;
        f.span = l->span;
        program_.functions.push_back(std::move(f));
        function_ast_.push_back(l);
        declare(l->name.text, SymbolKind::Function, index, l->name.span);
      } else if (l->unless_given) {
        // A value a situation may give: read as an input whose default is the value.
        const auto index = static_cast<Index>(program_.inputs.size());
        ir::Input in;
        in.name = l->name.text;
        in.module = module;
        in.span = l->span;
        in.definition = true;
        in.citation = l->citation ? l->citation->text : "";
        program_.inputs.push_back(std::move(in));
        input_ast_.push_back(nullptr);
        input_let_ast_.push_back(l);
        declare(l->name.text, SymbolKind::Input, index, l->name.span);
      } else {
        const auto index = static_cast<Index>(program_.rules.size());
        program_.rules.push_back(ir::Rule{l->name.text, {}, nullptr, l->citation ? l->citation->text : "", module, l->span});
        rule_ast_.push_back(l);
        declare(l->name.text, SymbolKind::Rule, index, l->name.span);
      }
    } else if (const auto* t = as<ast::TableDecl>(d)) {
      const auto index = static_cast<Index>(program_.tables.size());
      ir::Table table;
      table.name = t->name.text;
      table.citation = t->citation ? t->citation->text : "";
      table.hit = t->hit_policy == "unique" ? ir::HitPolicy::Unique
                  : t->hit_policy == "first" ? ir::HitPolicy::First
                  : t->aggregation == "sum"  ? ir::HitPolicy::CollectSum
                  : t->aggregation == "min"  ? ir::HitPolicy::CollectMin
                                             : ir::HitPolicy::CollectMax;
      table.module = module;
      table.span = t->span;
      program_.tables.push_back(std::move(table));
      table_ast_.push_back(t);
      declare(t->name.text, SymbolKind::Table, index, t->name.span);
    } else if (const auto* c = as<ast::CombineDecl>(d)) {
      const auto index = static_cast<Index>(program_.combines.size());
      ir::Combine combine;
      combine.name = c->name.text;
      combine.title = c->title;
      combine.citation = c->citation ? c->citation->text : "";
      combine.module = module;
      combine.span = c->span;
      if (module_scheme_[module]) combine.rounding = program_.schemes[*module_scheme_[module]].rounding;
      program_.combines.push_back(std::move(combine));
      combine_ast_.push_back(c);
      declare(c->name.text, SymbolKind::Combine, index, c->name.span);
    } else if (const auto* lv = as<ast::LevelDecl>(d)) {
      const auto index = static_cast<Index>(program_.levels.size());
      ir::Level level;
      level.name = lv->name.text;
      level.title = lv->title;
      level.citation = lv->citation ? lv->citation->text : "";
      level.policy = lv->policy == "first" ? ir::LevelPolicy::First
                     : lv->policy == "sum" ? ir::LevelPolicy::Sum
                                           : ir::LevelPolicy::Best;
      level.module = module;
      level.span = lv->span;
      program_.levels.push_back(std::move(level));
      level_ast_.push_back(lv);
      declare(lv->name.text, SymbolKind::Level, index, lv->name.span);
    } else if (const auto* a = as<ast::AssumeDecl>(d)) {
      program_.assumptions.push_back(
          ir::Assumption{a->text, a->citation ? a->citation->text : "", module, a->span});
    }
  }
}

Type Checker::resolve_type(const ast::TypeRef& ref) {
  const std::string& name = ref.name.text;
  if (!ref.per.empty()) {
    if (name != "Money" || ref.ns || ref.element) {
      sink_.report(diag::Id::UnknownType, ref.span, fmt::format("only money is counted per a period or a unit, not `{}`", name))
          .hint("write `Money/month`, `Money/year` or `Money/month/person`");
      return {};
    }
    return money_per(ref.per);
  }
  if (auto it = builtin_types().find(name); it != builtin_types().end() && !ref.ns) {
    if (ref.element) {
      sink_.report(diag::Id::TypeMismatch, ref.span, fmt::format("`{}` takes no type argument", name));
    }
    return Type::of(it->second);
  }
  if (name == "List" && !ref.ns) {
    if (!ref.element) {
      sink_.report(diag::Id::UnknownType, ref.span, "`List` needs its element type: `List<Record>`");
      return {};
    }
    const Type element = resolve_type(*ref.element);
    if (element.is_error()) return {};
    if (!element.is(TypeKind::Record)) {
      sink_.report(diag::Id::TypeMismatch, ref.element->span,
                   fmt::format("lists hold records, not `{}`", type_name(program_, element)))
          .hint("declare a `record` with the fields of each element");
      return {};
    }
    return Type::of(TypeKind::List, element.ref);
  }
  std::optional<Index> ns;
  if (ref.ns) {
    ns = namespace_named(ref.ns->text);
    if (!ns) {
      sink_.report(diag::Id::UnknownName, ref.ns->span,
                   fmt::format("no namespace named `{}` here: this file imports no file of that name", ref.ns->text))
          .hint(fmt::format("import the file that declares `{}`", name));
      return {};
    }
  }
  const Symbol* s = ns ? lookup_in(*ns, name) : lookup(name);
  if (s != nullptr && (s->kind == SymbolKind::Enum || s->kind == SymbolKind::Record || s->kind == SymbolKind::Unit)) {
    if (ref.element) {
      sink_.report(diag::Id::TypeMismatch, ref.span, fmt::format("`{}` takes no type argument", name));
    }
    return Type::of(s->kind == SymbolKind::Enum     ? TypeKind::Enum
                    : s->kind == SymbolKind::Record ? TypeKind::Record
                                                    : TypeKind::Quantity,
                    s->index);
  }
  auto& d = sink_.report(diag::Id::UnknownType, ref.name.span,
                         ns ? fmt::format("`{}` ({}) declares no type named `{}`", ref.ns->text,
                                          program_.modules[*ns].path, name)
                            : fmt::format("there is no type named `{}`", name));
  static const std::map<std::string, std::string> aliases = {
      {"Integer", "Int"}, {"Number", "Decimal"}, {"Float", "Decimal"}, {"String", "Text"},
      {"Boolean", "Bool"}, {"Euro", "Money"}, {"Euros", "Money"}, {"Percent", "Rate"}, {"Percentage", "Rate"}};
  if (auto alias = aliases.find(name); alias != aliases.end()) {
    d.hint(fmt::format("did you mean `{}`?", alias->second));
    return {};
  }
  if (may_suggest()) {
    std::vector<std::string> candidates = {"Bool", "Int", "Decimal", "Money", "Rate", "Date", "Duration", "Text", "List"};
    for (const auto* names : {&scopes_[module_].declared, &scopes_[module_].imported}) {
      for (const auto& [n, sym] : *names) {
        if (sym.kind == SymbolKind::Enum || sym.kind == SymbolKind::Record || sym.kind == SymbolKind::Unit) candidates.push_back(n);
      }
    }
    suggest(d, name, candidates);
  }
  if (!ns) hint_elsewhere(d, name);
  return {};
}

void Checker::resolve_signatures() {
  for (Index i = 0; i < program_.records.size(); ++i) {
    module_ = program_.records[i].module;
    std::map<std::string, source::Span> seen;
    for (const auto& f : record_ast_[i]->fields) {
      auto [it, fresh] = seen.emplace(f.name.text, f.name.span);
      if (!fresh) {
        sink_.report(diag::Id::DuplicateName, f.name.span, fmt::format("the field `{}` is listed twice", f.name.text))
            .note("first listed here", it->second);
        continue;
      }
      const Type t = resolve_type(f.type);
      if (t.is(TypeKind::List) || t.is(TypeKind::Record)) {
        sink_.report(diag::Id::TypeMismatch, f.type.span,
                     fmt::format("a record field holds a value, not {}", t.is(TypeKind::List) ? "a list" : "another record"));
      }
      program_.records[i].fields.push_back(ir::Field{f.name.text, t});
    }
  }
  for (Index i = 0; i < program_.inputs.size(); ++i) {
    module_ = program_.inputs[i].module;
    if (input_ast_[i]) {
      program_.inputs[i].type = resolve_type(input_ast_[i]->type);
    } else if (input_let_ast_[i]->type) {  // else the value's type, known once it is checked
      program_.inputs[i].type = resolve_type(*input_let_ast_[i]->type);
    }
  }
  for (Index i = 0; i < program_.params.size(); ++i) {
    module_ = program_.params[i].module;
    program_.params[i].type = resolve_type(param_ast_[i]->type);
  }
  for (Index i = 0; i < program_.rules.size(); ++i) {
    module_ = program_.rules[i].module;
    if (rule_ast_[i]->type) program_.rules[i].type = resolve_type(*rule_ast_[i]->type);
  }
  for (Index i = 0; i < program_.functions.size(); ++i) {
    module_ = program_.functions[i].module;
    for (const auto& p : function_ast_[i]->params) {
      program_.functions[i].params.push_back(ir::Field{p.name.text, resolve_type(p.type)});
    }
    if (function_ast_[i]->type) program_.functions[i].result = resolve_type(*function_ast_[i]->type);
  }
  for (Index i = 0; i < program_.tables.size(); ++i) {
    module_ = program_.tables[i].module;
    for (const auto& p : table_ast_[i]->params) {
      program_.tables[i].params.push_back(ir::Field{p.name.text, resolve_type(p.type)});
    }
    program_.tables[i].result = resolve_type(table_ast_[i]->result);
  }
}

void Checker::attach_scheme_parts(const ast::File& file, Index module) {
  module_ = module;
  const auto scheme = module_scheme_[module];
  for (const auto& d : file.decls) {
    const auto* eligible = as<ast::EligibleDecl>(d);
    const auto* amount = as<ast::AmountDecl>(d);
    if (const auto* output = as<ast::OutputDecl>(d)) {
      if (!scheme) {
        sink_.report(diag::Id::SchemeOnly, output->span,
                     fmt::format("`output` belongs in a scheme; `{}` is a module", file.header.name.text))
            .hint("declare the outputs in the scheme file that reads these definitions");
      } else {
        scheme_output_ast_[*scheme].push_back(output);
      }
      continue;
    }
    if (eligible == nullptr && amount == nullptr) continue;
    const source::Span span = eligible ? eligible->span : amount->span;
    if (!scheme) {
      sink_.report(diag::Id::SchemeOnly, span,
                   fmt::format("`{}` belongs in a scheme; `{}` is a module", eligible ? "eligible when" : "amount",
                               file.header.name.text))
          .hint("start the file with `scheme NAME \"title\"` to make it a scheme");
      continue;
    }
    if (eligible) {
      scheme_eligible_ast_[*scheme].push_back(eligible);
    } else if (scheme_amount_ast_[*scheme] != nullptr) {
      sink_.report(diag::Id::DuplicateName, amount->span, "the scheme's `amount` is defined twice")
          .note("first defined here", scheme_amount_ast_[*scheme]->span);
    } else {
      scheme_amount_ast_[*scheme] = amount;
    }
  }
  if (!scheme) return;
  auto& s = program_.schemes[*scheme];
  if (scheme_amount_ast_[*scheme] == nullptr) {
    sink_.report(diag::Id::MissingAmount, file.header.name.span,
                 fmt::format("scheme `{}` never says its `amount`", s.name))
        .hint("add `amount = ...` with the aid granted to an eligible application");
  }
  if (file.header.as_of) {
    const auto& name = *file.header.as_of;
    const Symbol* sym = lookup(name.text);
    if (sym != nullptr && sym->kind == SymbolKind::Input && program_.inputs[sym->index].definition) {
      sink_.report(diag::Id::UnknownName, name.span,
                   fmt::format("`as of` names `{}`, a definition declared `unless given`, not an input", name.text))
          .hint("name the Date input it is computed from");
    } else if (sym == nullptr || sym->kind != SymbolKind::Input) {
      auto& d = sink_.report(diag::Id::UnknownName, name.span,
                             fmt::format("`as of` names `{}`, which is not an input", name.text));
      if (may_suggest()) {
        std::vector<std::string> inputs;
        for (const auto& in : program_.inputs) inputs.push_back(in.name);
        suggest(d, name.text, inputs);
      }
    } else if (!program_.inputs[sym->index].type.is(TypeKind::Date) &&
               !program_.inputs[sym->index].type.is_error()) {
      sink_.report(diag::Id::TypeMismatch, name.span,
                   fmt::format("`as of` needs a Date input, but `{}` is {}", name.text,
                               type_name(program_, program_.inputs[sym->index].type)));
    } else {
      s.as_of_input = sym->index;
    }
  }
}

ir::RoundMode Checker::rounding_mode(const ast::Name& mode) {
  static const std::map<std::string, ir::RoundMode> modes = {{"half_away", ir::RoundMode::HalfAway},
                                                             {"half_even", ir::RoundMode::HalfEven},
                                                             {"up", ir::RoundMode::Up},
                                                             {"down", ir::RoundMode::Down}};
  if (auto it = modes.find(mode.text); it != modes.end()) return it->second;
  sink_.report(diag::Id::UnknownRoundingMode, mode.span, fmt::format("`{}` is not a rounding mode", mode.text))
      .hint("write half_away (the default), half_even, up or down");
  return ir::RoundMode::HalfAway;
}

}  // namespace bareme::sema
