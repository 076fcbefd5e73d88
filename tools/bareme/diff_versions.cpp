// Loading, reforming and targeting the two versions of `bareme diff`.
#include "diff_versions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "inputs/application.hpp"
#include "inputs/json.hpp"
#include "loading.hpp"

namespace bareme::tools {
namespace {

size_t add_output(ir::Program& p, ir::Index host, const std::string& name, ir::Type type,
                  decltype(ir::Expr::node) node) {
  auto e = std::make_unique<ir::Expr>();
  e->type = type;
  e->node = std::move(node);
  p.schemes[host].outputs.push_back(ir::Output{"diff: " + name, std::move(e), {}});
  return p.schemes[host].outputs.size() - 1;
}

// Adds `name`'s eligibility and amount as outputs of both hosts.
void add_target(DiffVersion& o, DiffVersion& n, std::vector<DiffTarget>& out,
                const std::string& kind, const std::string& name, ir::Index old_index,
                ir::Index new_index, bool level) {
  const ir::Type b = ir::Type::of(ir::TypeKind::Bool), m = ir::Type::of(ir::TypeKind::Money);
  DiffTarget t{kind, name};
  for (auto [v, index, slot] :
       {std::tuple{&o, old_index, &t.old_output}, std::tuple{&n, new_index, &t.new_output}}) {
    if (level) {
      *slot = add_output(*v->program, v->host, name, b,
                         ir::LevelRef{index, ir::LevelRef::What::Eligible});
      add_output(*v->program, v->host, name, m, ir::LevelRef{index, ir::LevelRef::What::Amount});
    } else {
      *slot = add_output(*v->program, v->host, name, b,
                         ir::SchemeRef{index, ir::SchemeRef::What::Eligible});
      add_output(*v->program, v->host, name, m, ir::SchemeRef{index, ir::SchemeRef::What::Amount});
    }
  }
  out.push_back(std::move(t));
}

// A scheme that holds the compared targets as outputs and nothing else, dated as the host it
// replaces: compiled for the JIT, it costs what the compared targets cost (a catalogue's root
// scheme inlines every aid). Its name is no identifier: no file can name it.
void add_host(DiffVersion& v) {
  ir::Program& p = *v.program;
  ir::Scheme host;
  host.name = "diff host";
  // A catalogue's aids and levels are dated as the root scheme dates them, or without one as a
  // module's tests are (the first scheme whose `as of` input dates the evaluation).
  host.as_of_input = v.root ? p.schemes[*v.root].as_of_input : std::nullopt;
  host.module = p.schemes[v.host].module;
  host.amount = std::make_unique<ir::Expr>();
  host.amount->type = ir::Type::of(ir::TypeKind::Money);
  host.amount->node = ir::Literal{};
  p.schemes.push_back(std::move(host));
  v.host = static_cast<ir::Index>(p.schemes.size() - 1);
  p.dump_for_cache.reset();
}

template <typename T>
std::optional<ir::Index> named(const std::vector<T>& items, const std::string& name) {
  for (ir::Index k = 0; k < items.size(); ++k) {
    if (items[k].name == name) return k;
  }
  return std::nullopt;
}

}  // namespace

DiffVersion version_of(ir::Program& program, std::optional<ir::Index> root) {
  DiffVersion v;
  v.program = &program;
  v.root = root;
  v.host = root.value_or(0);
  return v;
}

std::optional<DiffVersion> load_version(const std::string& file,
                                        const std::vector<std::string>& library_paths,
                                        const std::string& scheme) {
  if (!scheme.empty()) {
    auto loaded = load_scheme(file, library_paths, "diff", scheme);
    if (!loaded) return std::nullopt;
    DiffVersion v = version_of(*loaded->compilation->program, loaded->scheme);
    v.sources = &loaded->compilation->sources;
    v.compilation = std::move(loaded->compilation);
    v.file = file;
    return v;
  }
  auto c = load_project(file, library_paths, "diff");
  if (!c) return std::nullopt;
  ir::Program& p = *c->program;
  const ir::Index module = static_cast<ir::Index>(p.modules.size() - 1);
  std::optional<ir::Index> root;
  for (ir::Index s = 0; s < p.schemes.size() && !root; ++s) {
    if (p.schemes[s].module == module) root = s;
  }
  if (!root && p.schemes.empty()) {
    std::cerr << fmt::format(
        "bareme diff: `{}` is a module and imports no scheme: it has "
        "nothing to compare\n",
        file);
    return std::nullopt;
  }
  DiffVersion v = version_of(p, root);
  v.sources = &c->sources;
  v.compilation = std::move(c);
  v.file = file;
  return v;
}

void apply_overrides(ir::Program& program,
                     const std::vector<std::optional<runtime::Value>>& values) {
  for (size_t k = 0; k < values.size() && k < program.params.size(); ++k) {
    if (!values[k]) continue;
    auto& param = program.params[k];
    auto value = std::make_unique<ir::Expr>();
    value->type = param.type;
    value->span = param.span;
    value->node = param.type.is(ir::TypeKind::Text)
                      ? ir::Literal{0, {}, *values[k]->text}
                      : ir::Literal{values[k]->scalar, values[k]->duration, {}};
    ir::Period period;
    period.value = std::move(value);
    period.span = param.span;
    param.periods.clear();
    param.periods.push_back(std::move(period));
  }
}

bool apply_sets(ir::Program& program, const std::vector<std::string>& sets) {
  std::vector<std::optional<runtime::Value>> values(program.params.size());
  for (const auto& assignment : sets) {
    const auto eq = assignment.find('=');
    const std::string name = assignment.substr(0, eq);
    const auto p = named(program.params, name);
    if (eq == std::string::npos || !p) {
      std::cerr << fmt::format(
          "bareme diff: --set takes NAME=VALUE for a parameter of the scheme, not `{}`\n",
          assignment);
      return false;
    }
    const ir::Type t = program.params[*p].type;
    if (t.is(ir::TypeKind::Record) || t.is(ir::TypeKind::List) || t.is(ir::TypeKind::Duration)) {
      std::cerr << fmt::format(
          "bareme diff: --set {}: only a parameter holding one number, date, case or text can "
          "be set\n",
          name);
      return false;
    }
    std::vector<inputs::InputError> errors;
    values[*p] = inputs::read_value(
        program, t, inputs::json_from_argument(assignment.substr(eq + 1)), name, errors);
    if (!errors.empty()) {
      std::cerr << fmt::format("bareme diff: --set {}: {}\n", name, errors.front().message);
      return false;
    }
  }
  apply_overrides(program, values);
  return true;
}

std::vector<DiffTarget> diff_targets(DiffVersion& o, DiffVersion& n,
                                     std::vector<std::string>& one_side,
                                     const std::vector<std::string>& only,
                                     std::vector<std::string>& names) {
  std::vector<DiffTarget> out;
  auto target = [&](DiffVersion& o, DiffVersion& n, std::vector<DiffTarget>& out,
                    const std::string& kind, const std::string& name, ir::Index a, ir::Index b,
                    bool level) {
    names.push_back(name);
    if (only.empty() || std::find(only.begin(), only.end(), name) != only.end())
      add_target(o, n, out, kind, name, a, b, level);
  };
  add_host(o);
  add_host(n);
  ir::Program &a = *o.program, &b = *n.program;
  const bool roots = o.root && n.root;  // two schemes compared, whatever their names
  if (roots) target(o, n, out, "scheme", a.schemes[*o.root].name, *o.root, *n.root, false);
  if (a.levels.empty() && b.levels.empty() && roots) return out;
  for (ir::Index s = 0; s < a.schemes.size(); ++s) {
    if ((roots && s == *o.root) || s == o.host) continue;
    if (const auto k = named(b.schemes, a.schemes[s].name);
        k && !(roots && *k == *n.root) && *k != n.host)
      target(o, n, out, "aid", a.schemes[s].name, s, *k, false);
    else if (!k)
      one_side.push_back(fmt::format("aid `{}`: only in the old version", a.schemes[s].name));
  }
  for (ir::Index s = 0; s < b.schemes.size(); ++s) {
    if ((roots && s == *n.root) || s == n.host) continue;
    if (!named(a.schemes, b.schemes[s].name))
      one_side.push_back(fmt::format("aid `{}`: only in the new version", b.schemes[s].name));
  }
  for (ir::Index l = 0; l < a.levels.size(); ++l) {
    if (const auto k = named(b.levels, a.levels[l].name))
      target(o, n, out, "level", a.levels[l].name, l, *k, true);
    else
      one_side.push_back(fmt::format("level `{}`: only in the old version", a.levels[l].name));
  }
  for (const auto& l : b.levels) {
    if (!named(a.levels, l.name))
      one_side.push_back(fmt::format("level `{}`: only in the new version", l.name));
  }
  return out;
}

std::set<std::string> level_members(const DiffVersion& o, const DiffVersion& n,
                                    const std::string& level) {
  std::set<std::string> out;
  for (const DiffVersion* v : {&o, &n}) {
    const ir::Program& p = *v->program;
    std::vector<ir::Index> todo;
    if (const auto l = named(p.levels, level)) todo.push_back(*l);
    std::set<ir::Index> seen;
    while (!todo.empty()) {
      const ir::Index l = todo.back();
      todo.pop_back();
      if (!seen.insert(l).second) continue;
      for (const auto& m : p.levels[l].members) {
        const bool nested = m.kind == ir::LevelMember::Kind::Level;
        out.insert(nested ? p.levels[m.index].name : p.schemes[m.index].name);
        if (nested) todo.push_back(m.index);
      }
    }
  }
  return out;
}

}  // namespace bareme::tools
