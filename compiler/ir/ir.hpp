// The typed IR: the checked program that the interpreter and the JIT read, and nothing else.
// Invariants: every name is resolved to an index; every expression has a type that is never Error
// when the program checked without errors; implicit conversions are explicit Convert nodes;
// each arithmetic node names the exact operand types it takes (ArithOp).
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ir/enum_spellings.hpp"
#include "ir/types.hpp"
#include "runtime/output_words.hpp"
#include "runtime/arith.hpp"
#include "runtime/values.hpp"
#include "source/source_file.hpp"

namespace bareme::ir {

using source::Span;
using Index = uint32_t;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// A constant; the expression's type says which field holds it and in what unit.
struct Literal {
  int64_t value = 0;           // Bool 0/1, Int, Decimal/Rate/Quantity millionths, Money cents,
                               // Date days since 1970-01-01, Enum case index
  runtime::Duration duration;  // Duration
  std::string text;            // Text
};

struct InputRef { Index input; };
struct ParamRef { Index param; };            // the value in force at the evaluation date
struct RuleRef { Index rule; };
struct LocalRef { Index slot; };             // a function parameter or comprehension variable
struct SchemeRef {                           // another (or this) scheme's result
  Index scheme;
  enum class What : uint8_t { Eligible, Amount } what;
};
struct FieldRef { ExprPtr record; Index field; };
// One aid of a combine, before or after the cumulation caps.
struct AidRef {
  Index combine;
  Index aid;
  enum class When : uint8_t { Before, After } when;
};

// The outcome of a level (see Level): whether some member applies, and the level's amount.
struct LevelRef {
  Index level;
  enum class What : uint8_t { Eligible, Amount } what;
};

enum class UnaryOp : uint8_t { Negate, Not };
struct Unary { UnaryOp op; ExprPtr operand; };

// Every arithmetic form the language allows, with its operand types (left × right → result).
enum class ArithOp : uint8_t {
  IntAdd, IntSub, IntMul,                    // Int × Int → Int
  IntDiv,                                    // Int × Int → Decimal
  DecAdd, DecSub, DecMul, DecDiv,            // Decimal × Decimal → Decimal
  MoneyAdd, MoneySub,                        // Money × Money → Money
  MoneyMulInt,                               // Money × Int → Money
  MoneyMulDec,                               // Money × Decimal → Money, rounded to the cent
  MoneyMulRate,                              // Money × Rate → Money, rounded to the cent
  MoneyDivInt,                               // Money × Int → Money, rounded to the cent
  MoneyDivDec,                               // Money × Decimal → Money, rounded to the cent
  MoneyDivRate,                              // Money × Rate → Money, rounded to the cent
  MoneyDivMoney,                             // Money × Money → Rate
  RateAdd, RateSub, RateMulRate,             // Rate × Rate → Rate
  RateMulInt,                                // Rate × Int → Rate
  RateMulDec,                                // Rate × Decimal → Decimal
  QtyAdd, QtySub,                            // Q × Q (same unit) → Q
  QtyMulDec,                                 // Q × Decimal → Q
  QtyMulRate,                                // Q × Rate → Q
  QtyDivDec,                                 // Q × Decimal → Q
  QtyDivQty,                                 // Q × Q (same unit) → Decimal
  DateAddDuration, DateSubDuration,          // Date × Duration → Date
  DateSubDate,                               // Date × Date → Int (days)
  DurationAdd, DurationSub,                  // Duration × Duration → Duration
  DurationMulInt,                            // Duration × Int → Duration
};
// lhs and rhs in the operation's order (money, quantities, durations, rates on the left of a
// product); `rhs_first` when the source writes rhs first, which is then evaluated first.
struct Arith { ArithOp op; ExprPtr lhs, rhs; bool rhs_first = false; };

enum class CompareOp : uint8_t { Lt, Le, Gt, Ge, Eq, Ne };
// Both operands have the same type (after conversions).
struct Compare { CompareOp op; ExprPtr lhs, rhs; };

// Short-circuit: `and` does not evaluate rhs when lhs is false, `or` when lhs is true.
struct Logic { bool is_and; ExprPtr lhs, rhs; };
struct InSet { bool negated; ExprPtr value; std::vector<ExprPtr> elements; };
struct If { ExprPtr condition, then_value, else_value; };

// Exhaustive: arms[i].cases together list every case of the enum exactly once.
struct MatchArm { std::vector<Index> cases; ExprPtr value; };
struct Match { ExprPtr scrutinee; std::vector<MatchArm> arms; };

enum class ConvertOp : uint8_t { IntToDecimal, IntToRate, RateToDecimal };
struct Convert { ConvertOp op; ExprPtr operand; };

using RoundMode = runtime::RoundMode;

enum class BuiltinFn : uint8_t {
  Min, Max,            // two or more values of one numeric or date type
  Abs,                 // numeric
  Round,               // args: value, step (same type as value); mode
  YearsBetween,        // Date × Date → Int, whole years
  MonthsBetween,       // Date × Date → Int, whole months
  DaysBetween,         // Date × Date → Int
  Year, Month, Day,    // Date → Int
  ToDecimal,           // Int, Rate, Quantity or Money → Decimal (quantity in its unit, money in €)
};
struct Builtin { BuiltinFn fn; std::vector<ExprPtr> args; RoundMode mode = RoundMode::HalfAway; };

struct TableCall { Index table; std::vector<ExprPtr> args; };
struct FunctionCall { Index function; std::vector<ExprPtr> args; };

enum class ListOp : uint8_t { Sum, Min, Max, All, Any, Count, Filter };
// Binds each element of `list` to LocalRef{slot}; projection is null for Count and Filter.
struct Comprehension {
  ListOp op;
  ExprPtr list;
  Index slot;
  ExprPtr projection;
  ExprPtr where;
};

// min(value, limit), kept apart so that explanations can say a cap applied.
struct Cap { ExprPtr value, limit; };
struct ListLiteral { std::vector<ExprPtr> items; };
// `fields` in declaration order; `written` the field indexes in source order, the order in which
// they are evaluated.
struct RecordLiteral { Index record; std::vector<ExprPtr> fields; std::vector<Index> written; };
// `not applicable`: evaluating it ends the definition with the outcome NotApplicable, which
// propagates like a runtime error and makes a scheme not eligible (semantics.md §3.11).
// `definition` names the definition it stands in, for the reason shown.
struct NotApplicable { std::string definition; };

struct Expr {
  Type type;
  Span span;
  // The value is an exact intermediate (runtime/wide.hpp), set by mark_exact_values: a product
  // or quotient of Money, Rates, Decimals or quantities, or what reads one, until rounded.
  bool wide = false;
  std::variant<Literal, InputRef, ParamRef, RuleRef, LocalRef, SchemeRef, AidRef, FieldRef, Unary, Arith,
               Compare, Logic, InSet, If, Match, Convert, Builtin, TableCall, FunctionCall,
               Comprehension, Cap, ListLiteral, RecordLiteral, NotApplicable, LevelRef>
      node;
};

// ---------------------------------------------------------------- declarations

struct Module {
  std::string name;
  std::string path;
  bool is_scheme = false;
};

// A case, with an optional code (`paris = "75056"`) and label; `open` marks the `= any` case,
// which takes any application value that names no other case.
struct EnumCase { std::string name; std::string label; std::string code; bool open = false; };
struct EnumDecl {
  std::string name;
  std::vector<EnumCase> cases;
  Index module;
  Span span;
  // Every name, code and label an application may use (index_spellings), and the open case.
  EnumSpellings spellings;
  std::optional<Index> open_case;
  bool coded = false;  // some case has a code
};
struct Field { std::string name; Type type; };
struct RecordDecl { std::string name; std::vector<Field> fields; Index module; Span span; };
struct UnitDecl { std::string name; std::string label; Index module; Span span; };

struct Input {
  std::string name;
  Type type;
  ExprPtr default_value;  // null when the input is required
  std::string doc;
  Index module;
  Span span;
  // A `let NAME = value unless given`: a definition a situation may give. It is read as an input
  // whose default is its value; explanations show it as a definition, `citation` included.
  bool definition = false;
  // The default reads inputs, definitions or parameters (not only constants): it is evaluated for
  // each application that does not give the input, and its explanation shows `default_text`.
  bool computed_default = false;
  std::string default_text;  // the default as written in the source
  std::string citation;
  // `at least` / `at most`: the bounds of the values that make sense, at rest, in the input's
  // type (a scalar type with an order). A value read outside them, given or from the default,
  // is the runtime error InputOutOfRange.
  std::optional<int64_t> at_least, at_most;
  // `one of "FILE"` on a Text: the values it accepts, sorted, without repeats, the declared
  // constant default among them; any other value read, given or computed, is InputOutOfRange.
  // Null when the input accepts every text. `values_file` is FILE as written.
  std::shared_ptr<const std::vector<std::string>> values;
  std::string values_file;
  uint64_t values_hash = 0;  // of the values, so that an edited list is a different program
  // True when `text` is a value the input accepts.
  bool accepts(const std::string& text) const {
    return !values || std::binary_search(values->begin(), values->end(), text);
  }
};

// A value in force from `from` to `until`, both inclusive; absent means unbounded.
struct Period {
  std::optional<runtime::Days> from, until;
  ExprPtr value;
  std::string citation;
  Span span;
};
// Periods are sorted by date and do not overlap; a date in no period is a runtime error.
struct Param { std::string name; Type type; std::vector<Period> periods; Index module; Span span; };

struct Rule { std::string name; Type type; ExprPtr value; std::string citation; Index module; Span span; };

struct Function {
  std::string name;
  std::vector<Field> params;  // bound to LocalRef slots 0..n-1
  Type result;
  ExprPtr body;
  std::string citation;
  Index module;
  Span span;
};

// A bound on one side of a cell; `value` has the column's type.
struct Bound { ExprPtr value; bool inclusive = true; };
struct TableCell {
  enum class Kind : uint8_t { Any, Range, OneOf } kind = Kind::Any;
  std::optional<Bound> lower, upper;  // Range
  std::vector<ExprPtr> values;        // OneOf: equality with any of them
};
struct TableRow { std::vector<TableCell> cells; ExprPtr output; Span span; };
enum class HitPolicy : uint8_t { Unique, First, CollectSum, CollectMin, CollectMax };
struct Table {
  std::string name;
  std::vector<Field> params;
  Type result;
  HitPolicy hit;
  std::vector<TableRow> rows;
  std::string citation;
  // True when the checker proved a unique table has no overlap and no gap.
  bool proven_complete = false;
  Index module;
  Span span;
};

struct Condition {
  std::string name;   // its label, or its source text when it has none
  bool labelled = false;
  ExprPtr test;       // Bool
  std::string citation;
  std::string message;
  Span span;
};

// A definition a scheme reports beside its result (`output NAME`): an input, a parameter or a
// `let` value, read as an expression of its type (exact when the definition is).
struct Output {
  std::string name;
  ExprPtr value;
  Span span;
  // How both engines hold its value in two words (runtime/output_words.hpp).
  runtime::OutputLayout layout() const {
    if (value->wide) return runtime::OutputLayout::Wide;
    return value->type.is(TypeKind::Duration) ? runtime::OutputLayout::Duration : runtime::OutputLayout::Scalar;
  }
};

struct Scheme {
  std::string name, title, source_document, authority;
  std::optional<runtime::Days> valid_from, valid_until;
  std::optional<Index> as_of_input;  // a Date input that dates the evaluation
  std::vector<Condition> conditions; // in source order
  ExprPtr amount;                    // Money; the granted amount is 0 € when not eligible
  // How the amount is rounded to the cent when it is paid (semantics.md §1).
  RoundMode rounding = RoundMode::HalfAway;
  std::string amount_citation;
  Span amount_span;
  std::vector<Output> outputs;       // in declaration order; each evaluated on its own
  Index module;
  Span span;
};

struct Aid { std::string name; ExprPtr amount; std::string citation; Span span; };
// Caps the sum of `targets` (every aid when empty) at `limit`; the excess is removed from
// `absorbers` in order (when empty: the targets, last declared first), none below 0 €.
// Rules apply in declaration order.
struct CapRule {
  std::vector<Index> targets;
  ExprPtr limit;
  std::vector<Index> absorbers;
  ExprPtr when;  // null: always
  std::string citation;
  Span span;
};
struct Combine {
  std::string name, title, citation;
  RoundMode rounding = RoundMode::HalfAway;  // how each aid is rounded to the cent, before the caps
  std::vector<Aid> aids;
  std::vector<CapRule> caps;
  Index module;
  Span span;
};

// A member of a level: a scheme or another level, joined with `in LEVEL [priority N]`.
struct LevelMember {
  enum class Kind : uint8_t { Scheme, Level } kind;
  Index index;                     // into schemes or levels
  std::optional<int64_t> priority;
  Span span;                       // its `in LEVEL …` clause
};
enum class LevelPolicy : uint8_t { First, Sum, Best };
// A group of aids. `members` are in the level's order: by priority, smaller first, then the
// members without a priority; ties in declaration order (files in program order, then source
// order). In a First level every member has a priority and no two share one. A member applies
// when it is eligible (a level: when some member of it applies). The level is eligible when
// some member applies; its amount is 0 € when none does, otherwise:
// - First: the amount of the first member that applies; the members after it are not evaluated;
// - Sum: the sum of the amounts of the members that apply (every member is evaluated);
// - Best: the largest amount among the members that apply, the earliest in order on a tie.
// Members are evaluated in order; the first runtime error of an evaluated member is the level's.
struct Level {
  std::string name, title, citation;
  LevelPolicy policy;
  std::vector<LevelMember> members;
  Index module;
  Span span;
};

struct Assumption { std::string text; std::string citation; Index module; Span span; };

// `property NAME "sentence" § "…" given P, …: TEST`: a claim for a prover (compiler/prove), never
// evaluated. `test` and each precondition are Bool; they read what a test's `expect` may read
// (the scheme's `amount` and `eligible`, its rules, inputs, params, aids).
struct Property {
  std::string name, sentence, citation;
  std::vector<ExprPtr> preconditions;  // Bool: the property is claimed where they all hold
  ExprPtr test;                        // Bool
  std::optional<Index> scheme;         // the scheme of the property's file, if a scheme file
  Index module;
  Span span;
};

struct Given { Index input; ExprPtr value; };
struct Test {
  std::string name;
  std::optional<Index> scheme;  // the scheme of the test's file, if it is a scheme file
  std::vector<Given> given;
  ExprPtr as_of;                // Date, may be null
  std::vector<ExprPtr> expects; // Bool
  Index module;
  Span span;
};

struct Program {
  std::vector<Module> modules;   // dependencies before the files that import them
  std::vector<EnumDecl> enums;
  std::vector<RecordDecl> records;
  std::vector<UnitDecl> units;
  std::vector<Input> inputs;
  std::vector<Param> params;
  std::vector<Rule> rules;
  std::vector<Function> functions;
  std::vector<Table> tables;
  std::vector<Scheme> schemes;
  std::vector<Combine> combines;
  std::vector<Level> levels;
  std::vector<Assumption> assumptions;
  std::vector<Test> tests;
  std::vector<Property> properties;
  // Rules in an order where each comes after every rule it reads.
  std::vector<Index> rule_order;
  // The program's text (ir::dump), made once by the JIT for its cache keys: a catalogue of 400
  // schemes would otherwise be dumped once per scheme compiled. A program is never changed
  // after the checker returns it.
  mutable std::shared_ptr<const std::string> dump_for_cache;
  // Some expression is `not applicable`: only then does the JIT lower what absorbs it.
  bool has_not_applicable = false;
};

// An expression reading the input, parameter or `let` value called `name` (`file.name` for the
// one of module `file`), preferring module `from`'s; else why there is none (ir/value_named.cpp).
// Its `wide` flag is not set: the interpreter reads an exact value exactly either way.
std::variant<ExprPtr, std::string> value_named(const Program& p, Index from, std::string_view name);

// Sets Expr::wide on every expression of `program` (ir/exact_values.cpp; semantics.md §1).
void mark_exact_values(Program& program);

}  // namespace bareme::ir
