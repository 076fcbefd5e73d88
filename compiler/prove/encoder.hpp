// The encoder (private to prove/): IR expressions as Z3 terms with their success and `not
// applicable` flags.
#pragma once

#include <fmt/format.h>
#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.hpp"
#include "prove/prove.hpp"
#include "runtime/wide.hpp"

namespace bareme::prove {

// Decimal places of a type's values at rest: cents, millionths, or whole (Int, Date, Enum case).
// (ir::Type::digits says 6 for dates and cases, which never meet an exact intermediate.)
inline int places(ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Money:
      return runtime::kMoneyDigits;
    case ir::TypeKind::Decimal:
    case ir::TypeKind::Rate:
    case ir::TypeKind::Quantity:
      return runtime::kMillionthDigits;
    default:
      return 0;
  }
}

// The solver's budget for one question: the wall-clock timeout. `first_phase` (ordinary values,
// empty lists: tried before the whole question, and only a sat there is kept) is bounded by Z3's
// resource count instead: a quarter of the timeout at 400 units per ms, Z3's pace on a loaded
// machine here being 350-1000, so that whether it finds its witness, and so which witness is
// printed, does not depend on the machine's load; the timeout stays as a safety net.
inline constexpr unsigned kRlimitPerMs = 400;
inline void set_budget(z3::solver& solver, unsigned timeout_ms, bool first_phase) {
  z3::params params(solver.ctx());
  params.set("timeout", timeout_ms);
  const uint64_t units = uint64_t{kRlimitPerMs} * (timeout_ms / 4);
  if (first_phase)
    params.set("rlimit", static_cast<unsigned>(std::clamp<uint64_t>(units, 1, UINT_MAX)));
  solver.set(params);
}

// Why the solver answered unknown, in words: `why` is Z3's reason_unknown().
inline bool is_timeout(const std::string& why) {
  return why.find("timeout") != std::string::npos || why.find("canceled") != std::string::npos;
}
// Z3's reason for an unknown answer of a check that began at `start`. Interrupted by its timeout
// in the middle of arithmetic, Z3 may say `incomplete (theory arithmetic)`: an unknown that comes
// at the timeout is a timeout, whatever the reason given.
inline std::string reason_unknown(const z3::solver& solver,
                                  std::chrono::steady_clock::time_point start,
                                  unsigned timeout_ms) {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  if (elapsed >= std::chrono::microseconds(900 * int64_t{timeout_ms})) return "timeout";
  return solver.reason_unknown();
}
inline std::string unknown_detail(std::string why, unsigned timeout_ms) {
  if (is_timeout(why))
    return fmt::format("the solver decided nothing in {} s", timeout_ms / 1000.0);
  if (why.size() > 2 && why.front() == '(' && why.back() == ')')
    why = why.substr(1, why.size() - 2);
  return fmt::format("the solver gave up ({})", why);
}

// A construct the encoding lacks: the check ends Unknown, naming it.
struct Unsupported {
  std::string what;
  source::Span span;
};

// A value as the solver sees it. `ok`: its evaluation ends normally; `na`: it ends with
// `not applicable` (neither: another runtime error). Numbers are Ints counting 10^-digits of the
// type's unit (18 places for an exact intermediate, as runtime/wide.hpp holds them).
struct Sym {
  enum class Kind : uint8_t { Bool, Num, Text, Duration, Record, List } kind = Kind::Num;
  z3::expr v;
  int digits = 0;
  z3::expr days;                  // Duration: its days (`v` holds its months)
  std::vector<Sym> items;         // Record fields; List elements
  std::vector<z3::expr> present;  // List: whether element k is in the list
  z3::expr ok, na;
  explicit Sym(z3::context& c)
      : v(c.int_val(0)), days(c.int_val(0)), ok(c.bool_val(true)), na(c.bool_val(false)) {}
};

// An input's name and the shape of its type: two programs' inputs with the same key are one
// variable of a diff.
std::string input_key(const ir::Program& p, ir::Index input);

// One input as the encoding reads it: its solver value and, for a definition or computed
// default, whether the situation gives it.
struct InputVar {
  ir::Index input;
  Sym sym;
  std::optional<z3::expr> given;
  std::optional<z3::expr> length;  // a list's number of elements
  std::optional<Sym> free;         // with `given`: the value given, at the type's places
};

// Texts as numbers (encode_text.cpp): the engines only compare texts for equality, so a text is
// a number, one per text the program names (shared by the two versions of a diff); the numbers
// no text has stand for the texts the program does not name, which are as many.
struct TextIds {
  std::map<std::string, int64_t> ids;
  std::vector<std::string> texts;
  int64_t id(const std::string& text);
  // The text a number stands for: a text the program names, or one it does not (`texte 7`).
  std::string text_of(int64_t id) const;
};

class Encoder {
 public:
  Encoder(z3::context& c, const ir::Program& p, ir::Index scheme, const Options& o);
  Sym expr(const ir::Expr& e);
  // Constraints that hold for every application: input domains, calendar definitions.
  std::vector<z3::expr> background;
  std::map<ir::Index, InputVar> inputs;  // every input read, by index
  // Ranges a readable witness keeps within (a diff tries them first): numbers of ordinary size,
  // dates of this century.
  std::vector<z3::expr> modest;
  bool list_bounded = false;
  bool nonlinear = false;
  z3::context& ctx;
  const ir::Program& program;
  // Two versions of a scheme compared (diff.cpp): each names its own variables after `prefix`,
  // and an input found in `shared` (by name and type, input_key) reads the same variable.
  std::string prefix;
  std::map<std::string, Sym>* shared = nullptr;
  std::shared_ptr<TextIds> texts = std::make_shared<TextIds>();  // one for both versions of a diff

  // Helpers shared by the encoding files.
  Sym num(z3::expr v, int digits) const;
  Sym boolean(z3::expr v) const;
  static void after(Sym& s, const Sym& before);  // s was evaluated after `before`
  z3::expr at(const Sym& s,
              int digits) const;  // s's number with `digits` places (exact: more places only)
  Sym ite(const z3::expr& c, const Sym& a, const Sym& b, ir::Type t, bool wide);
  z3::expr div_round(const z3::expr& n, const z3::expr& d, runtime::RoundMode mode);
  z3::expr in_range64(const z3::expr& v) const;
  z3::expr in_range128(const z3::expr& v) const;
  z3::expr pow10(int k) const;
  int order_digits(ir::Type t, const Sym& a, const Sym& b) const;
  z3::expr equal(ir::Type t, const Sym& a, const Sym& b) const;
  // Texts (encode_text.cpp): a constant's number; whether a text is one of `values`.
  z3::expr text_val(const std::string& text) const;
  z3::expr one_of(const z3::expr& text, const std::vector<std::string>& values) const;
  [[noreturn]] void unsupported(const std::string& what, source::Span span) const;
  // Calendar (encode_dates.cpp): year, month, day of a date; a date plus whole months.
  struct Civil {
    z3::expr year, month, day;
  };
  Civil civil(const z3::expr& days);
  z3::expr days_from_civil(const z3::expr& y, const z3::expr& m, const z3::expr& d);
  z3::expr add_months(const z3::expr& days, const z3::expr& months, z3::expr& ok);
  z3::expr months_between(const z3::expr& from, const z3::expr& to);

 private:
  Sym node(const ir::Expr& e);
  Sym arith(const ir::Expr& e, const ir::Arith& a);
  Sym wide_arith(const ir::Expr& e, const ir::Arith& a, const Sym& l, const Sym& r);
  Sym builtin(const ir::Expr& e, const ir::Builtin& b);
  Sym table(const ir::Expr& e, const ir::TableCall& t);
  Sym function(const ir::Expr& e, const ir::FunctionCall& f);
  Sym comprehension(const ir::Expr& e, const ir::Comprehension& c);
  Sym scheme_ref(const ir::Expr& e, const ir::SchemeRef& s);
  // A level's eligibility and amount (encode_levels.cpp), as docs/semantics.md "Levels" says.
  const std::pair<Sym, Sym>& level(ir::Index i);
  std::pair<Sym, Sym> member(const ir::LevelMember& m);
  // A combine's aids in cents before and after its caps, and whether it ends normally.
  struct Aids {
    std::vector<z3::expr> before, after;
    z3::expr ok;
  };
  const Aids& combine(ir::Index i);
  Sym input(ir::Index i, source::Span at);
  Sym fresh_value(const std::string& name, ir::Type t, source::Span at, bool top);
  Sym param(ir::Index i, source::Span at);
  Sym rule(ir::Index i);
  // The evaluation date: whether one is known, and the day (none: no scheme has an `as of`).
  struct Dated {
    z3::expr known, day;
  };
  std::optional<Dated> as_of_date(source::Span at);

  ir::Index scheme_;
  Options options_;
  std::vector<Sym> locals_;
  std::map<ir::Index, Sym> rules_, params_;
  std::map<ir::Index, std::pair<Sym, Sym>> schemes_;  // eligible, amount
  std::map<ir::Index, Aids> combines_;
  std::map<ir::Index, std::pair<Sym, Sym>> levels_;  // eligible, amount
  std::map<unsigned, Civil> civil_;                  // by the date's Z3 term
  int depth_ = 0;
  int fresh_ = 0;
};

}  // namespace bareme::prove
