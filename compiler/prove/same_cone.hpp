// Whether two versions compute a target by the same definitions: the cone of what it reads
// (rules, parameters, inputs, tables, functions, schemes, combines, levels, types), compared
// definition by definition, so that `diff` answers for an unchanged aid without the solver.
#pragma once

#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "prove/diff.hpp"

namespace bareme::prove {

// One comparison of two programs, for every target of a diff: what was compared once is
// remembered. `same` is true only when every application gets the same result (or the same
// error) from both sides: their expressions have the same shape, and everything they read is
// the same in both versions (inputs matched by name and type as `diff` matches them;
// parameters in force at each side's date). False says nothing: the solver is asked.
class SameCone {
 public:
  SameCone(const DiffSide& old_side, const DiffSide& new_side);
  bool same(const ir::Expr& old_value, const ir::Expr& new_value);

 private:
  enum class What : uint8_t {
    Input,
    Param,
    Rule,
    Function,
    Table,
    Scheme,
    Combine,
    Level,
    Enum,
    Record,
    Unit
  };
  // Where each side's evaluation date comes from: a fixed date, or the first of these inputs
  // that dates the evaluation (none: no date), as the interpreter and the encoder find it.
  struct DateSource {
    std::optional<runtime::Days> fixed;
    std::vector<ir::Index> inputs;
  };
  static DateSource date_source(const DiffSide& side);

  bool remembered(What what, ir::Index a, ir::Index b,
                  bool (SameCone::*compare)(ir::Index, ir::Index));
  bool type(ir::Type a, ir::Type b);
  bool expr(const ir::Expr* a, const ir::Expr* b);
  bool node(const ir::Expr& a, const ir::Expr& b);
  bool input(ir::Index a, ir::Index b);
  bool param(ir::Index a, ir::Index b);
  bool rule(ir::Index a, ir::Index b);
  bool function(ir::Index a, ir::Index b);
  bool table(ir::Index a, ir::Index b);
  bool scheme(ir::Index a, ir::Index b);
  bool combine(ir::Index a, ir::Index b);
  bool level(ir::Index a, ir::Index b);
  bool enum_decl(ir::Index a, ir::Index b);
  bool record(ir::Index a, ir::Index b);
  bool unit(ir::Index a, ir::Index b);
  bool same_date();

  const ir::Program &a_, &b_;
  DateSource date_a_, date_b_;
  std::optional<bool> same_date_;
  std::map<std::tuple<What, ir::Index, ir::Index>, bool> memo_;
};

}  // namespace bareme::prove
