// Decision tables: the header, each row's cells against the parameter types, the outputs.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

bool ordered(Type t) { return t.is_numeric() || t.is(TypeKind::Date); }

}  // namespace

// True when an expression of a checked row has no type: its error is already reported.
bool row_has_error(const ir::TableRow& row) {
  auto bad = [](const ir::ExprPtr& e) { return e && e->type.is_error(); };
  for (const auto& cell : row.cells) {
    if ((cell.lower && bad(cell.lower->value)) || (cell.upper && bad(cell.upper->value))) return true;
    if (std::any_of(cell.values.begin(), cell.values.end(), bad)) return true;
  }
  return bad(row.output);
}

void Checker::warn_if_shadowing(const Local& local) {
  const ast::Name& param = *local.param;
  const char* owner_kind = local.owner_kind;
  const std::string& owner = *local.owner;
  const Symbol* s = lookup(param.text);
  if (s == nullptr || (s->kind != SymbolKind::Input && s->kind != SymbolKind::Param && s->kind != SymbolKind::Rule)) return;
  // `lookup` sees the body's own file and what its import lists bring in: a library function's
  // parameter may share a name with an input of a scheme that imports the library.
  if (!shadow_warned_.insert(&param).second) return;
  sink_.report(diag::Id::ShadowedName, param.span,
               fmt::format("the parameter `{}` of {} `{}` hides {} of the same name; inside `{}`, `{}` is the parameter",
                           param.text, owner_kind, owner, describe(s->kind), owner, param.text))
      .note(fmt::format("the {} is declared here", describe(s->kind).substr(describe(s->kind).find(' ') + 1)), s->span)
      .hint("rename the parameter if the body means the global");
}

void Checker::check_table(Index i) {
  if (table_failed_.size() < program_.tables.size()) table_failed_.resize(program_.tables.size(), false);
  const bool shaped = check_table_rows(i);
  const auto& rows = program_.tables[i].rows;
  table_failed_[i] = !shaped || rows.empty() || std::any_of(rows.begin(), rows.end(), row_has_error);
}

bool Checker::check_table_rows(Index i) {
  bool shaped = true;
  auto& table = program_.tables[i];
  const auto* decl = table_ast_[i];
  module_ = table.module;
  definition_ = table.name;
  const size_t width = table.params.size() + 1;
  if (decl->rows.empty()) return false;
  // Cells and outputs see the parameters as locals, bound to slots 0..n-1 as in a function.
  for (size_t k = 0; k < table.params.size(); ++k) {
    locals_.push_back(Local{table.params[k].name, next_slot_++, table.params[k].type, &decl->params[k].name, "table", &table.name});
  }
  // The header names each parameter in order, then the output.
  const auto& header = decl->rows.front();
  bool header_ok = header.cells.size() == width;
  for (size_t c = 0; header_ok && c < header.cells.size(); ++c) {
    const auto& cell = header.cells[c];
    const bool is_name = cell.kind == ast::CellKind::Value && cell.first && cell.first->kind == ast::ExprKind::Name;
    header_ok = is_name && (c + 1 == width || cell.first->text == table.params[c].name);
  }
  if (!header_ok) {
    std::string expected;
    for (const auto& p : table.params) expected += "| " + p.name + " ";
    sink_.report(diag::Id::TableShape, header.span,
                 fmt::format("the first row of table `{}` must name its columns: {}| result |", table.name, expected));
    return false;
  }
  if (decl->rows.size() == 1) {
    sink_.report(diag::Id::TableShape, decl->name.span, fmt::format("table `{}` has no rows", table.name));
    return false;
  }
  const bool collect = table.hit == ir::HitPolicy::CollectSum || table.hit == ir::HitPolicy::CollectMin ||
                       table.hit == ir::HitPolicy::CollectMax;
  if (collect && !table.result.is_error() &&
      !(table.result.is_numeric() || (table.hit != ir::HitPolicy::CollectSum && table.result.is(TypeKind::Date)))) {
    sink_.report(diag::Id::TypeMismatch, decl->result.span,
                 fmt::format("a `collect` table needs a numeric result, not {}", type_name(program_, table.result)));
  }
  for (size_t r = 1; r < decl->rows.size(); ++r) {
    const auto& row = decl->rows[r];
    if (row.cells.size() != width) {
      auto& d = sink_.report(diag::Id::TableShape, row.span,
                             fmt::format("row {} has {} cells, but table `{}` has {} columns", r, row.cells.size(), table.name, width));
      if (row.cells.size() > width) d.hint("each row ends with `|`; two rows run together when one lacks it");
      shaped = false;
      continue;
    }
    ir::TableRow out;
    out.span = row.span;
    for (size_t c = 0; c + 1 < width; ++c) {
      const auto& cell = row.cells[c];
      const Type t = table.params[c].type;
      const std::string column = fmt::format("column `{}`", table.params[c].name);
      ir::TableCell ic;
      auto bound = [&](const ast::ExprPtr& e) { return coerce(expr(*e, &t), t, "a bound of " + column); };
      switch (cell.kind) {
        case ast::CellKind::Any: ic.kind = ir::TableCell::Kind::Any; break;
        case ast::CellKind::Bound: {
          ic.kind = ir::TableCell::Kind::Range;
          if (!t.is_error() && !ordered(t)) {
            sink_.report(diag::Id::TableShape, cell.span,
                         fmt::format("{} holds {} values, which have no order; list the values instead", column,
                                     type_name(program_, t)));
            shaped = false;
            break;
          }
          const bool lower = cell.op == ">" || cell.op == ">=";
          const bool inclusive = cell.op == ">=" || cell.op == "<=";
          (lower ? ic.lower : ic.upper) = ir::Bound{bound(cell.first), inclusive};
          break;
        }
        case ast::CellKind::Interval: {
          ic.kind = ir::TableCell::Kind::Range;
          if (!t.is_error() && !ordered(t)) {
            sink_.report(diag::Id::TableShape, cell.span,
                         fmt::format("{} holds {} values, which have no order", column, type_name(program_, t)));
            shaped = false;
            break;
          }
          ic.lower = ir::Bound{bound(cell.first), !cell.open_low};
          ic.upper = ir::Bound{bound(cell.second), !cell.open_high};
          auto lo = fold(*ic.lower->value), hi = fold(*ic.upper->value);
          if (lo && hi && (*lo > *hi || (*lo == *hi && (cell.open_low || cell.open_high)))) {
            sink_.report(diag::Id::TableShape, cell.span, "this interval holds no value: its lower bound is not below its upper bound");
            shaped = false;
          }
          break;
        }
        case ast::CellKind::Value: {
          ic.kind = ir::TableCell::Kind::OneOf;
          if (cell.first->kind == ast::ExprKind::Set) {
            for (const auto& v : cell.first->operands) ic.values.push_back(bound(v));
            warn_duplicate_elements(ic.values);
          } else {
            ic.values.push_back(bound(cell.first));
          }
          break;
        }
      }
      out.cells.push_back(std::move(ic));
    }
    const auto& output = row.cells.back();
    if (output.kind != ast::CellKind::Value) {
      sink_.report(diag::Id::TableShape, output.span, "the last cell of a row is the result, a value");
      shaped = false;
      continue;
    }
    out.output = coerce(expr(*output.first, &table.result), table.result, fmt::format("the result of table `{}`", table.name));
    table.rows.push_back(std::move(out));
  }
  return shaped;
}

}  // namespace bareme::sema
