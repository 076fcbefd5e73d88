// The abstract syntax tree: what a scheme file says, with a source span on every node.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "source/source_file.hpp"

namespace bareme::ast {

using source::Span;

struct Name {
  std::string text;
  Span span;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  Number,         // text: digits without grouping; suffix: "€", "k€", "M€", "%", a unit or ""
  Date,           // text: YYYY-MM-DD
  String,         // text: the decoded string
  Bool,           // text: "true" or "false"
  Name,           // text: the identifier
  Field,          // operands[0] `.` text (labels[0] holds the field name with its span)
  Call,           // text: callee; operands: arguments; labels: argument labels ("" when none)
  Comprehension,  // text: sum/min/max/all/any/count/filter; var; operands[0]: list; projection; where
  Unary,          // op: "-" or "not"; operands[0]
  Binary,         // op: + - * / < <= > >= == != and or; operands[0], operands[1]
  In,             // negated; operands[0]: value; operands[1]: a Set or another expression
  Set,            // operands: elements
  List,           // operands: items
  Record,         // labels: field names; operands: field values
  Match,          // operands[0]: scrutinee; arms
  If,             // operands: condition, then, else
  Cap,            // operands[0] capped at operands[1]
  NotApplicable,  // `not applicable`: no field used
};

struct MatchArm {
  std::vector<Name> patterns;  // enum case names; `_` matches every other case
  ExprPtr value;
  Span span;
};

struct Expr {
  ExprKind kind;
  Span span;
  std::string text;
  std::string suffix;
  Span suffix_span;
  std::string op;
  bool negated = false;
  Name var;                         // Comprehension: the bound variable
  std::vector<ExprPtr> operands;
  std::vector<Name> labels;
  std::vector<MatchArm> arms;
  ExprPtr projection;               // Comprehension: the value per element (sum/min/max/all/any)
  ExprPtr where;                    // Comprehension: the filter, may be null
  std::optional<Name> qualifier;    // Call: the namespace of `ns.f(…)`
};

struct TypeRef {
  std::optional<Name> ns;  // `regions.Region`
  Name name;
  std::unique_ptr<TypeRef> element;  // `List<Record>`
  std::vector<Name> per;             // `Money/month/person`: month, person
  Span span;
};

struct Citation {
  std::string text;
  Span span;
};

// `in LEVEL [priority N]`: a scheme (header item) or a level (declaration) joining a level.
struct Membership {
  Name level;                           // as written; a qualified name is dotted (`aides.commune`)
  std::optional<std::string> priority;  // the number as written, thousands separators removed
  Span priority_span;
  Span span;
};

struct Header {
  bool is_scheme = true;
  Name name;
  std::string title;
  std::string source_document;
  std::string authority;
  std::optional<std::string> valid_from, valid_until;  // ISO dates
  Span valid_span;
  std::optional<Name> as_of;  // the input that dates an evaluation
  std::optional<Name> rounding;  // `rounding half_even`: how paid amounts are rounded
  std::vector<Membership> levels;  // the levels the scheme joins, in source order
  Span span;
};

struct Import {
  std::string path;
  std::vector<Name> names;     // `import a, b from "path"`: brought into the importer's scope
  std::optional<Name> alias;   // `import "path" as NAME`
  std::string resolved;        // set by the driver: the key of the imported file
  Span span;
};

struct EnumCase {
  Name name;
  std::string label;
  std::string code;   // `= "75056"`; empty when the case has none
  bool open = false;  // `= any`: the case for every value that names no other case
  Span code_span;     // the code or `any`, when written
};
struct EnumDecl {
  Name name;
  std::vector<EnumCase> cases;
  Span span;
};

struct FieldDecl {
  Name name;
  TypeRef type;
};
struct RecordDecl {
  Name name;
  std::vector<FieldDecl> fields;
  Span span;
};

struct UnitDecl {
  Name name;
  std::string label;
  Span span;
};

struct InputDecl {
  Name name;
  TypeRef type;
  ExprPtr default_value;  // may be null
  std::string doc;
  ExprPtr at_least, at_most;  // the bounds of its sensible values; each may be null
  // `one of "FILE"`: the file as written, and its values as the driver read them (relative to
  // the declaring file), or why it could not.
  std::string values_path;
  Span values_span;
  std::vector<std::string> values;
  Span span;
};

struct DatedValue {
  ExprPtr value;
  std::optional<std::string> from, until;  // ISO dates, both inclusive
  Span period_span;
  std::optional<Citation> citation;
};
struct ParamDecl {
  Name name;
  TypeRef type;
  std::vector<DatedValue> values;
  Span span;
};

struct LetDecl {
  Name name;
  bool is_function = false;
  std::vector<FieldDecl> params;
  std::optional<TypeRef> type;
  ExprPtr value;
  std::optional<Span> unless_given;  // `unless given`: a situation may give the value instead
  std::optional<Citation> citation;
  Span span;
};

struct AssumeDecl {
  std::string text;
  std::optional<Citation> citation;
  Span span;
};

// `property NAME "sentence" § "…" given P, Q: EXPR`: a claim for a prover, never evaluated.
struct PropertyDecl {
  Name name;
  std::string sentence;
  std::optional<Citation> citation;
  std::vector<ExprPtr> given;  // preconditions on the inputs
  ExprPtr test;
  Span span;
};

// `output a, b`: definitions the scheme reports beside its result.
struct OutputDecl {
  std::vector<Name> names;
  Span span;
};

enum class CellKind { Any, Bound, Interval, Value };
struct TableCell {
  CellKind kind = CellKind::Any;
  std::string op;                      // Bound: < <= > >=
  bool open_low = false, open_high = false;  // Interval: `(` and `)`
  ExprPtr first, second;               // Bound/Value: first; Interval: first, second
  Span span;
};
struct TableRow {
  std::vector<TableCell> cells;
  Span span;
};
struct TableDecl {
  Name name;
  std::vector<FieldDecl> params;
  TypeRef result;
  std::string hit_policy;   // unique, first, collect
  std::string aggregation;  // sum, min, max for collect
  std::optional<Citation> citation;
  std::vector<TableRow> rows;  // rows[0] is the header
  Span span;
};

struct Condition {
  std::optional<Name> label;
  ExprPtr test;
  std::optional<Citation> citation;
  std::optional<std::string> message;
  Span span;
};
struct EligibleDecl {
  std::vector<Condition> conditions;
  Span span;
};

struct AmountDecl {
  ExprPtr value;
  std::optional<Citation> citation;
  Span span;
};

struct AidItem {
  Name name;
  ExprPtr value;
  std::optional<Citation> citation;
  Span span;
};
struct CapItem {
  bool total = false;
  std::vector<Name> targets;
  ExprPtr limit;
  std::vector<Name> absorbers;
  ExprPtr when;  // may be null
  std::optional<Citation> citation;
  Span span;
};
struct CombineDecl {
  Name name;
  std::string title;
  std::optional<Citation> citation;
  std::vector<AidItem> aids;
  std::vector<CapItem> caps;
  Span span;
};

// `level NAME ["title"] first|sum|best (in PARENT [priority N])* [§ "…"]`.
struct LevelDecl {
  Name name;
  std::string title;
  std::string policy;  // first, sum or best
  std::vector<Membership> memberships;
  std::optional<Citation> citation;
  Span span;
};

struct Binding {
  std::optional<Name> ns;  // `given common.income = …`
  Name name;
  ExprPtr value;
};
struct TestDecl {
  std::string name;
  std::vector<Binding> given;
  ExprPtr as_of;  // may be null
  std::vector<ExprPtr> expects;
  Span span;
};

using Decl = std::variant<EnumDecl, RecordDecl, UnitDecl, InputDecl, ParamDecl, LetDecl,
                          TableDecl, EligibleDecl, AmountDecl, CombineDecl, TestDecl, AssumeDecl, LevelDecl,
                          OutputDecl, PropertyDecl>;

struct File {
  source::FileId file = source::kNoFile;
  std::string key;  // set by the driver: the canonical path that identifies the file
  Header header;
  std::vector<Import> imports;
  std::vector<Decl> decls;
};

}  // namespace bareme::ast
