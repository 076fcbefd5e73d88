// The runtime error codes, one enumeration shared by the interpreter and JIT-compiled code.
#pragma once

#include <cstdint>
#include <string_view>

namespace bareme::runtime {

// A runtime error ends the evaluation of one application; it is never a crash or a default.
enum class ErrorCode : uint8_t {
  None = 0,
  Overflow,             // a result outside the 64-bit range of its type
  DivisionByZero,
  MissingInput,         // an input without a default was needed but not given
  DateOutOfRange,       // a date before year 1 or after year 9999
  EmptyList,            // min or max over no element
  NoTableMatch,         // no row of a unique or first table, or of a collect min/max table, matches
  AmbiguousTableMatch,  // several rows of a unique table match (only for tables not proven)
  NoParamValue,         // the evaluation date lies in no period of a parameter
  NoEvaluationDate,     // a dated parameter was read but no evaluation date is known
  InvalidRoundingStep,  // a rounding step of zero or below
  TooDeep,              // definitions chained deeper than the evaluating thread's stack (interpreter only)
  BudgetExceeded,       // the interpreter gave up: too many steps or too long (never from the JIT)
  InputOutOfRange,      // an input read outside its `at least` / `at most` bounds
  // Not an error: a `not applicable` branch was taken. It propagates like an error through
  // every operation, and a scheme turns it into "not eligible" (docs/semantics.md §3.11).
  NotApplicable,
};

inline constexpr ErrorCode kAllErrorCodes[] = {
    ErrorCode::Overflow,     ErrorCode::DivisionByZero,      ErrorCode::MissingInput,
    ErrorCode::DateOutOfRange, ErrorCode::EmptyList,         ErrorCode::NoTableMatch,
    ErrorCode::AmbiguousTableMatch, ErrorCode::NoParamValue, ErrorCode::NoEvaluationDate,
    ErrorCode::InvalidRoundingStep, ErrorCode::TooDeep, ErrorCode::BudgetExceeded,
    ErrorCode::InputOutOfRange, ErrorCode::NotApplicable};

std::string_view error_name(ErrorCode code);
// A sentence for people: "a result is too large for its type".
std::string_view error_description(ErrorCode code);

}  // namespace bareme::runtime
