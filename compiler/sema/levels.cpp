// Levels: the members that join each one (`in LEVEL [priority N]`), their order, and
// `level.amount` / `level.eligible`.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

std::string member_name(const ir::Program& p, const ir::LevelMember& m) {
  return m.kind == ir::LevelMember::Kind::Scheme ? p.schemes[m.index].name : p.levels[m.index].name;
}

}  // namespace

void Checker::attach_level_members(const std::vector<const ast::File*>& files) {
  // Members join in declaration order: files in program order, then the scheme's header
  // before the file's levels, in source order.
  std::vector<std::vector<Index>> levels_of_module(files.size());
  for (Index l = 0; l < program_.levels.size(); ++l) levels_of_module[program_.levels[l].module].push_back(l);
  for (Index m = 0; m < files.size(); ++m) {
    module_ = m;  // the level a member joins is named in the member's file
    const auto& h = files[m]->header;
    if (!h.levels.empty() && !module_scheme_[m]) {
      sink_.report(diag::Id::SchemeOnly, h.levels.front().span,
                   fmt::format("module `{}` cannot join a level: only schemes and levels have an amount", h.name.text))
          .hint("start the file with `scheme NAME \"title\"` to make it a scheme");
    } else {
      for (const auto& membership : h.levels) {
        join_level(membership, ir::LevelMember{ir::LevelMember::Kind::Scheme, *module_scheme_[m], {}, membership.span},
                   h.name.text);
      }
    }
    for (Index l : levels_of_module[m]) {
      for (const auto& membership : level_ast_[l]->memberships) {
        join_level(membership, ir::LevelMember{ir::LevelMember::Kind::Level, l, {}, membership.span},
                   level_ast_[l]->name.text);
      }
    }
  }
}

void Checker::join_level(const ast::Membership& m, ir::LevelMember member, const std::string& name) {
  // `commune`, or `aides.commune`: a level of the namespace `aides`.
  const auto dot = m.level.text.rfind('.');
  const Symbol* s = nullptr;
  if (dot == std::string::npos) {
    s = lookup(m.level.text);
  } else if (auto ns = namespace_named(m.level.text.substr(0, dot))) {
    s = lookup_in(*ns, m.level.text.substr(dot + 1));
  }
  if (s == nullptr) {
    auto& d = sink_.report(diag::Id::UnknownName, m.level.span,
                           fmt::format("`{}` joins `{}`, but nothing is named `{}`", name, m.level.text, m.level.text));
    if (may_suggest()) {
      std::vector<std::string> levels;
      for (const auto& l : program_.levels) levels.push_back(l.name);
      suggest(d, m.level.text, levels);
    }
    return;
  }
  if (s->kind != SymbolKind::Level) {
    sink_.report(diag::Id::TypeMismatch, m.level.span,
                 fmt::format("`{}` is {}, not a level: only a level has members", m.level.text, describe(s->kind)))
        .hint(fmt::format("declare a level: `level {} \"title\" first` (or `sum`, `best`)", m.level.text));
    return;
  }
  if (m.priority) {
    const std::string& digits = *m.priority;
    int64_t value = 0;
    bool ok = !digits.empty() && digits.find('.') == std::string::npos;
    for (char c : digits) {
      if (!ok) break;
      ok = value <= (INT64_MAX - (c - '0')) / 10;
      value = value * 10 + (c - '0');
    }
    if (!ok) {
      sink_.report(diag::Id::InvalidLiteral, m.priority_span,
                   fmt::format("a priority is a whole number below 2⁶³, not `{}`", digits));
      return;
    }
    member.priority = value;
  }
  auto& level = program_.levels[s->index];
  for (const auto& other : level.members) {
    if (other.kind == member.kind && other.index == member.index) {
      sink_.report(diag::Id::DuplicateName, m.span, fmt::format("`{}` joins level `{}` twice", name, level.name))
          .note("first joined here", other.span);
      return;
    }
  }
  level.members.push_back(member);
}

void Checker::check_level(Index i) {
  module_ = program_.levels[i].module;
  for (const auto& m : program_.levels[i].members) {
    ensure(DefNode{m.kind == ir::LevelMember::Kind::Scheme ? DefKind::Scheme : DefKind::Level, m.index});
  }
  auto& level = program_.levels[i];
  // The level's order: by priority, smaller first, then the members without one; ties keep
  // declaration order.
  std::stable_sort(level.members.begin(), level.members.end(), [](const ir::LevelMember& a, const ir::LevelMember& b) {
    if (a.priority.has_value() != b.priority.has_value()) return a.priority.has_value();
    return a.priority && *a.priority < *b.priority;
  });
  if (level.policy != ir::LevelPolicy::First) return;
  for (size_t k = 0; k < level.members.size(); ++k) {
    const auto& m = level.members[k];
    if (!m.priority) {
      sink_.report(diag::Id::LevelOrder, m.span,
                   fmt::format("`{}` joins first level `{}` without a priority: the order of its members must be explicit",
                               member_name(program_, m), level.name))
          .hint(fmt::format("write `in {} priority N`; the smallest N is tried first", level.name));
    } else if (k > 0 && level.members[k - 1].priority == m.priority) {
      const auto& other = level.members[k - 1];
      sink_.report(diag::Id::LevelOrder, m.span,
                   fmt::format("`{}` and `{}` both have priority {} in first level `{}`: which is tried first?",
                               member_name(program_, other), member_name(program_, m), *m.priority, level.name))
          .note(fmt::format("`{}` joins here", member_name(program_, other)), other.span)
          .hint("give each member of a `first` level its own priority");
    }
  }
}

ir::ExprPtr Checker::level_value(const ast::Expr& e, Index level) {
  if (e.text != "amount" && e.text != "eligible") {
    sink_.report(diag::Id::UnknownField, e.labels[0].span,
                 fmt::format("a level has `amount` and `eligible`, not `{}`", e.text));
    return error_expr(e.span);
  }
  if (!in_test_) ensure(DefNode{DefKind::Level, level});
  const bool is_amount = e.text == "amount";
  return make_expr(Type::of(is_amount ? TypeKind::Money : TypeKind::Bool), e.span,
                   ir::LevelRef{level, is_amount ? ir::LevelRef::What::Amount : ir::LevelRef::What::Eligible});
}

}  // namespace bareme::sema
