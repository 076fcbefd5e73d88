// Private to partial/: three-valued conditions and the missing inputs an expression may read.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "interp/interp.hpp"
#include "ir/ir.hpp"

namespace bareme::partial {

// A Bool on a partial situation: known, unknown for want of inputs, or a runtime error.
struct Tri {
  enum class Kind : uint8_t { True, False, Unknown, Error } kind = Kind::Unknown;
  std::optional<interp::RuntimeError> error;  // Error (NotApplicable included)
};

class Analysis {
 public:
  Analysis(const ir::Program& p, ir::Index scheme, const interp::Application& app,
           const interp::Options& options)
      : p_(p), scheme_(scheme), app_(app), options_(options) {}

  // The interpreter on one closed expression (no function parameter or comprehension variable).
  interp::ExpressionResult eval(const ir::Expr& e) const;
  // Kleene logic over `and`, `or`, `not`, `if` and Bool rules, on top of the interpreter: `a and b`
  // is false when b is false even though a lacks an input.
  Tri tri(const ir::Expr& e);
  // The absent inputs without a default that `e` (closed) may read, through rules, parameters,
  // functions, tables, computed defaults, other schemes, combines and levels; an `if`, `match`,
  // `and` or `or` whose test is already known is followed only the way it goes.
  std::set<ir::Index> inputs_of(const ir::Expr& e);
  // Each `if` / `match` met by inputs_of whose test is undecided, with the inputs its test reads.
  const std::map<const ir::Expr*, std::set<ir::Index>>& branches() const { return branches_; }

 private:
  struct Seen {
    std::set<ir::Index> rules, functions, params, tables, schemes, combines, levels, defaults;
  };
  void collect(const ir::Expr& e, std::set<ir::Index>& out, Seen& seen, bool closed);
  void collect_scheme(ir::Index s, std::set<ir::Index>& out, Seen& seen);
  void collect_level(ir::Index l, std::set<ir::Index>& out, Seen& seen);
  void branch(const ir::Expr& node, const ir::Expr& test, bool closed);

  const ir::Program& p_;
  ir::Index scheme_;
  const interp::Application& app_;
  const interp::Options& options_;
  std::map<const ir::Expr*, Tri> tri_memo_;
  std::map<const ir::Expr*, std::set<ir::Index>> branches_;
};

}  // namespace bareme::partial
