// The static proof for decision tables: no two rows of a unique table overlap and every input
// matches a row, or a concrete witness input; rows of a first-hit table that can never hit.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "ir/dump.hpp"
#include "runtime/stack_guard.hpp"
#include "sema/checker.hpp"

namespace bareme::sema {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr long kBudget = 500'000;  // search steps before a table counts as too large to prove

// Closed intervals [first, second], sorted and disjoint.
using Interval = std::pair<int64_t, int64_t>;
using IntervalSet = std::vector<Interval>;

IntervalSet normalise(IntervalSet s) {
  std::sort(s.begin(), s.end());
  IntervalSet out;
  for (const auto& iv : s) {
    if (iv.first > iv.second) continue;
    if (!out.empty() && (out.back().second == kMax || iv.first <= out.back().second + 1)) {
      out.back().second = std::max(out.back().second, iv.second);
    } else {
      out.push_back(iv);
    }
  }
  return out;
}

IntervalSet intersect(const IntervalSet& a, const IntervalSet& b) {
  IntervalSet out;
  for (const auto& x : a) {
    for (const auto& y : b) {
      const int64_t lo = std::max(x.first, y.first), hi = std::min(x.second, y.second);
      if (lo <= hi) out.emplace_back(lo, hi);
    }
  }
  return normalise(out);
}

bool contains(const IntervalSet& s, int64_t v) {
  return std::any_of(s.begin(), s.end(), [&](const Interval& iv) { return iv.first <= v && v <= iv.second; });
}

// A value of [lo, hi] that reads well: a finite end rather than the type's extremes.
int64_t representative(int64_t lo, int64_t hi) {
  if (lo <= 0 && 0 <= hi) return lo == kMin ? (hi == kMax ? 0 : hi) : lo;
  return lo == kMin ? hi : lo;
}

using Row = std::vector<IntervalSet>;

// Searches `domains` for a point that no row in `rows` covers; fills `witness` when found.
class CoverageSearch {
 public:
  explicit CoverageSearch(const std::vector<IntervalSet>& domains) : domains_(domains), witness_(domains.size()) {}

  // True: a point is uncovered (see witness()); false: all covered; nullopt: too large to tell.
  std::optional<bool> find(const std::vector<const Row*>& rows) {
    steps_ = 0;
    const bool found = search(rows);
    if (steps_ > kBudget) return std::nullopt;
    return found;
  }
  const std::vector<int64_t>& witness() const { return witness_; }

 private:
  // One column being walked: its elementary segments, each tried with the rows that cover it.
  struct Level {
    size_t column;
    std::vector<const Row*> rows;  // the rows that cover every earlier column's segment
    std::vector<int64_t> cuts;     // where some row starts or stops covering this column
    size_t domain = 0;             // the interval of the column's domain being walked
    int64_t start = 0;             // where the next segment starts
  };

  // Depth first over the columns with an explicit stack: a table may have any number of columns.
  bool search(const std::vector<const Row*>& all) {
    std::vector<Level> stack;
    if (auto answer = enter(stack, 0, all)) return *answer;
    while (!stack.empty()) {
      Level& level = stack.back();
      const auto& domain = domains_[level.column];
      if (level.domain == domain.size()) {  // no uncovered point below this level
        stack.pop_back();
        continue;
      }
      const Interval& dom = domain[level.domain];
      const int64_t start = level.start;
      // The elementary segment [start, end] lies between two cuts: every row covers all or none of it.
      auto next = std::upper_bound(level.cuts.begin(), level.cuts.end(), start);
      const int64_t end = (next == level.cuts.end() || *next - 1 >= dom.second) ? dom.second : *next - 1;
      std::vector<const Row*> hit;
      for (const Row* row : level.rows) {
        if (contains((*row)[level.column], start)) hit.push_back(row);
      }
      witness_[level.column] = representative(start, end);
      if (end == dom.second) {
        if (++level.domain < domain.size()) level.start = domain[level.domain].first;
      } else {
        level.start = end + 1;
      }
      const size_t column = level.column;  // `level` does not survive a push
      if (auto answer = enter(stack, column + 1, std::move(hit)); answer && *answer) return true;
      if (steps_ > kBudget) return false;
    }
    return false;
  }

  // Starts walking `column` with `rows`; the answer when there is nothing to walk.
  std::optional<bool> enter(std::vector<Level>& stack, size_t column, std::vector<const Row*> rows) {
    if (++steps_ > kBudget) return false;
    if (column == domains_.size()) return rows.empty();
    Level level{column, std::move(rows), {}, 0, 0};
    for (const auto& iv : domains_[column]) level.cuts.push_back(iv.first);
    for (const Row* row : level.rows) {
      for (const auto& iv : (*row)[column]) {
        level.cuts.push_back(iv.first);
        if (iv.second != kMax) level.cuts.push_back(iv.second + 1);
      }
    }
    std::sort(level.cuts.begin(), level.cuts.end());
    level.cuts.erase(std::unique(level.cuts.begin(), level.cuts.end()), level.cuts.end());
    if (!domains_[column].empty()) level.start = domains_[column].front().first;
    stack.push_back(std::move(level));
    return std::nullopt;
  }

  const std::vector<IntervalSet>& domains_;
  std::vector<int64_t> witness_;
  long steps_ = 0;
};

}  // namespace

std::optional<int64_t> Checker::fold(const ir::Expr& e) const {
  if (runtime::stack_exhausted()) return std::nullopt;  // a chain of parameters too deep to follow
  if (const auto* l = std::get_if<ir::Literal>(&e.node)) {
    if (e.type.is(TypeKind::Text) || e.type.is(TypeKind::Duration) || e.type.is_error()) return std::nullopt;
    return l->value;
  }
  if (const auto* u = std::get_if<ir::Unary>(&e.node)) {
    auto v = fold(*u->operand);
    if (!v || u->op != ir::UnaryOp::Negate || *v == kMin) return std::nullopt;
    return -*v;
  }
  if (const auto* c = std::get_if<ir::Convert>(&e.node)) {
    auto v = fold(*c->operand);
    int64_t out = 0;
    if (!v || c->op != ir::ConvertOp::IntToDecimal || __builtin_mul_overflow(*v, runtime::kDecimalScale, &out)) {
      return std::nullopt;
    }
    return out;
  }
  if (const auto* p = std::get_if<ir::ParamRef>(&e.node)) {
    const auto& param = program_.params[p->param];
    if (param.periods.size() != 1 || param.periods[0].from || param.periods[0].until || !param.periods[0].value) {
      return std::nullopt;
    }
    return fold(*param.periods[0].value);
  }
  return std::nullopt;
}

std::string Checker::format_value(Type t, int64_t v) const {
  switch (t.kind) {
    case TypeKind::Bool: return v ? "true" : "false";
    case TypeKind::Enum: return program_.enums[t.ref].cases[static_cast<size_t>(v)].name;
    default: return ir::format_literal(program_, t, ir::Literal{v, {}, {}});
  }
}

void Checker::check_table_coverage(Index i) {
  const auto& table = program_.tables[i];
  const bool unique = table.hit == ir::HitPolicy::Unique;
  if ((!unique && table.hit != ir::HitPolicy::First) || (i < table_failed_.size() && table_failed_[i])) return;
  const auto& decl = *table_ast_[i];
  auto unchecked = [&](const std::string& why) {
    if (unique) {
      sink_.report(diag::Id::TableUnchecked, decl.name.span,
                   fmt::format("cannot prove that table `{}` has no overlap and no gap: {}", table.name, why))
          .hint("the proof needs Int, Decimal, Money, Rate, quantity, Date, enum or Bool columns with constant bounds");
    }
  };
  std::vector<IntervalSet> domains;
  for (const auto& p : table.params) {
    if (p.type.is_error()) return;
    if (p.type.is(TypeKind::Enum)) {
      domains.push_back({{0, static_cast<int64_t>(program_.enums[p.type.ref].cases.size()) - 1}});
    } else if (p.type.is(TypeKind::Bool)) {
      domains.push_back({{0, 1}});
    } else if (p.type.is_numeric() || p.type.is(TypeKind::Date)) {
      domains.push_back({{kMin, kMax}});
    } else {
      return unchecked(fmt::format("column `{}` is {}", p.name, type_name(program_, p.type)));
    }
  }
  std::vector<Row> rows;
  for (const auto& row : table.rows) {
    Row sets;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const auto& cell = row.cells[c];
      IntervalSet set;
      if (cell.kind == ir::TableCell::Kind::Any) {
        set = domains[c];
      } else if (cell.kind == ir::TableCell::Kind::Range) {
        int64_t lo = kMin, hi = kMax;
        bool empty = false;
        if (cell.lower) {
          auto v = fold(*cell.lower->value);
          if (!v) return unchecked(fmt::format("a bound of column `{}` is not a constant", table.params[c].name));
          if (!cell.lower->inclusive && *v == kMax) empty = true;
          lo = cell.lower->inclusive ? *v : (empty ? *v : *v + 1);
        }
        if (cell.upper) {
          auto v = fold(*cell.upper->value);
          if (!v) return unchecked(fmt::format("a bound of column `{}` is not a constant", table.params[c].name));
          if (!cell.upper->inclusive && *v == kMin) empty = true;
          hi = cell.upper->inclusive ? *v : (empty ? *v : *v - 1);
        }
        if (!empty) set = intersect({{lo, hi}}, domains[c]);
      } else {
        for (const auto& value : cell.values) {
          auto v = fold(*value);
          if (!v) return unchecked(fmt::format("a value of column `{}` is not a constant", table.params[c].name));
          set.emplace_back(*v, *v);
        }
        set = intersect(normalise(set), domains[c]);
      }
      sets.push_back(std::move(set));
    }
    rows.push_back(std::move(sets));
  }
  auto describe_point = [&](const std::vector<int64_t>& point) {
    std::string out;
    for (size_t c = 0; c < point.size(); ++c) {
      out += fmt::format("{}{} = {}", c ? ", " : "", table.params[c].name, format_value(table.params[c].type, point[c]));
    }
    return out;
  };
  bool clean = true;
  if (unique) {
    for (size_t j = 1; j < rows.size(); ++j) {
      for (size_t k = 0; k < j; ++k) {
        std::vector<int64_t> point;
        for (size_t c = 0; c < domains.size(); ++c) {
          const auto common = intersect(rows[k][c], rows[j][c]);
          if (common.empty()) break;
          point.push_back(representative(common.front().first, common.front().second));
        }
        if (point.size() != domains.size()) continue;
        sink_.report(diag::Id::TableOverlap, table.rows[j].span,
                     fmt::format("rows {} and {} of unique table `{}` both match {}", k + 1, j + 1, table.name,
                                 describe_point(point)))
            .note(fmt::format("row {} is here", k + 1), table.rows[k].span)
            .hint("narrow one of the rows, or make the table `first` if the earlier row should win");
        clean = false;
        break;
      }
    }
    std::vector<const Row*> all;
    for (const auto& r : rows) all.push_back(&r);
    CoverageSearch search(domains);
    const auto gap = search.find(all);
    if (!gap) return unchecked("it is too large to search");
    if (*gap) {
      sink_.report(diag::Id::TableGap, decl.name.span,
                   fmt::format("no row of unique table `{}` matches {}", table.name, describe_point(search.witness())))
          .hint("add a row for these inputs, or a last row of `any` cells");
      clean = false;
    }
    program_.tables[i].proven_complete = clean;
    return;
  }
  for (size_t j = 1; j < rows.size(); ++j) {
    std::vector<const Row*> earlier;
    for (size_t k = 0; k < j; ++k) earlier.push_back(&rows[k]);
    CoverageSearch search(rows[j]);
    const auto reachable = search.find(earlier);
    if (reachable && !*reachable) {
      sink_.report(diag::Id::TableUnreachableRow, table.rows[j].span,
                   fmt::format("row {} of table `{}` is never used: the rows above it match every input it matches",
                               j + 1, table.name));
    }
  }
}

}  // namespace bareme::sema
