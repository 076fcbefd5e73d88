// The prover: whether a Bool expression of a scheme holds for every application, by Z3.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ir/ir.hpp"
#include "runtime/values.hpp"

namespace bareme::prove {

struct Options {
  // The evaluation date (`--as-of`); absent: the scheme's `as of` input, as `bareme eval` reads it.
  std::optional<runtime::Days> as_of;
  unsigned timeout_ms = 10000;  // the solver's budget for one property
  size_t list_bound = 4;        // list inputs hold at most this many elements
  // Instead of a false test, look for an application on which the test (the preconditions
  // holding) ends in a runtime error or `not applicable`: Proved then means it never does.
  bool errors = false;
};

enum class Kind : uint8_t { Proved, Counterexample, Unknown };
// Why a property is unknown.
enum class Reason : uint8_t { None, Construct, Timeout, NonLinear, Solver };

// One value of the counterexample as the solver sees it.
struct Shown {
  std::string name;   // an input, or `test` for the property itself
  std::string value;  // as the language writes it
};

struct Verdict {
  Kind kind = Kind::Unknown;
  Reason reason = Reason::None;
  std::string detail;  // Unknown: the construct not encoded, or the solver's message
  source::Span span;   // Unknown/Construct: where the construct is
  std::optional<size_t>
      list_bound;          // set when some list input was bounded: "proved with lists bounded at N"
  bool nonlinear = false;  // the encoding multiplies or divides two unknowns
  // Counterexample: the situation as the JSON object `bareme eval --input` reads (inputs given;
  // an input left out takes its default), and the inputs' values as the solver sees them.
  std::string situation;
  std::vector<Shown> values;
  double seconds = 0;
};

// Whether `test` (a Bool expression over scheme `scheme`'s names) is true for every application
// on which it and each precondition evaluate without a runtime error and each precondition is
// true. Never throws; a construct the encoding lacks, a timeout or a solver failure is Unknown.
Verdict check(const ir::Program& program, ir::Index scheme, const ir::Expr& test,
              std::span<const ir::Expr* const> preconditions, const Options& options);

const char* kind_name(Kind kind);  // "proved", "counterexample", "unknown"
const char* reason_name(Reason reason);

}  // namespace bareme::prove
