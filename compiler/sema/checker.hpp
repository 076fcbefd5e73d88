// The checker's state and its methods, one source file per concern; private to sema/.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ast/ast.hpp"
#include "diag/diagnostic.hpp"
#include "ir/ir.hpp"
#include "sema/check.hpp"

namespace bareme::sema {

using ir::Index;
using ir::Type;
using ir::TypeKind;

enum class SymbolKind { Enum, Record, Unit, Input, Param, Rule, Function, Table, Scheme, Combine, Level };

struct Symbol {
  SymbolKind kind;
  Index index;
  source::Span span;
};

// What one file sees: its own declarations, the names its import lists bring in, and the
// namespaces it may qualify names with (its own, and each file it imports, by name or alias).
struct Scope {
  std::unordered_map<std::string, Symbol> declared;
  std::unordered_map<std::string, Symbol> imported;
  std::unordered_map<std::string, Index> namespaces;
};

// A definition whose body is checked on first use, so that cycles are found where they close.
enum class DefKind { Rule, Function, Table, Param, Scheme, Combine, Input, Level };
struct DefNode {
  DefKind kind;
  Index index;
  friend bool operator==(const DefNode&, const DefNode&) = default;
};
enum class DefState : uint8_t { Pending, Checking, Done };

// A name bound inside a body: a function parameter or a comprehension variable.
struct Local {
  std::string name;
  Index slot;
  Type type;
  // A table's or function's parameter: its declaration and owner, for ShadowedName.
  const ast::Name* param = nullptr;
  const char* owner_kind = nullptr;
  const std::string* owner = nullptr;
};

// A new IR expression node of `type` covering `span`.
template <typename Node>
ir::ExprPtr make_expr(Type type, source::Span span, Node node) {
  auto e = std::make_unique<ir::Expr>();
  e->type = type;
  e->span = span;
  e->node = std::move(node);
  return e;
}

class Checker {
 public:
  Checker(const source::SourceManager& sources, diag::Sink& sink, std::string repl_scheme = "")
      : sources_(sources), sink_(sink), repl_scheme_(std::move(repl_scheme)) {}
  ir::Program run(const std::vector<const ast::File*>& files);
  // line.cpp: one REPL line's value in the scope of the REPL's module (KeptChecker::line).
  ir::ExprPtr check_line(ir::Program& program, const ast::Expr& value, const Type* expected);

  // ---- declarations.cpp: names, types and signatures
  void collect_types(const ast::File& file, Index module);
  void collect_values(const ast::File& file, Index module);
  void resolve_signatures();
  void attach_scheme_parts(const ast::File& file, Index module);
  // Declares `name` in the namespace of the current module (`module_`).
  bool declare(const std::string& name, SymbolKind kind, Index index, source::Span span);
  // codes.cpp: an enum's codes are unique and not empty, and it has at most one `= any` case.
  void check_codes(const ast::EnumDecl& e);
  // A set literal (after `in`, or in a table cell) that lists one value twice: warned.
  void warn_duplicate_elements(const std::vector<ir::ExprPtr>& elements);
  void warn_unlisted(const ir::Expr& input, const ir::Expr& text);
  // The values of each input declared `one of` a list, for warn_unlisted, built when first needed.
  std::unordered_map<Index, std::unordered_set<std::string>> listed_;
  Type resolve_type(const ast::TypeRef& ref);
  std::string describe(SymbolKind kind) const;

  // ---- scopes.cpp: namespaces, imports, bare and qualified names
  // A bare name in the current module's scope (declared or imported by name), or null.
  const Symbol* lookup(const std::string& name) const;
  // A name declared by `module` (what `ns.name` reaches), or null.
  const Symbol* lookup_in(Index module, const std::string& name) const;
  std::optional<Index> namespace_named(const std::string& name) const;
  bool is_local(const std::string& name) const;
  void check_module_names(const std::vector<const ast::File*>& files);
  void resolve_imports(const std::vector<const ast::File*>& files);
  void bring_in(Index module, Index target, const ast::Name& n);
  // The declaration that `name` or `ns.name` denotes (not a value of a local), or null.
  const Symbol* declared_symbol(const ast::Expr& e) const;
  ir::ExprPtr value_of(const Symbol& s, const std::string& shown, source::Span span);
  ir::ExprPtr scheme_result(Index scheme, const std::string& member, source::Span span);
  // `ns.name` where `ns` is a namespace of the current module.
  ir::ExprPtr qualified_value(const ast::Expr& e, Index ns);
  // Adds "declared in `m`: write `m.name` / import it" to a diagnostic about an unknown `name`.
  bool hint_elsewhere(diag::Diagnostic& d, const std::string& name) const;
  void qualify_clashing_names();

  // ---- definitions.cpp: bodies in dependency order, cycles
  void ensure(DefNode node);
  // True when the native stack is nearly exhausted (a chain of definitions too deep), reported
  // once, at the start of the chain (`entering` when no definition is being checked, else `at`).
  bool out_of_stack(const DefNode* entering, source::Span at);
  void check_rule(Index i);
  void check_function(Index i);
  void check_param(Index i);
  void check_scheme(Index i);
  // An input's default, or the value of a `let … unless given` (inputs.cpp).
  void check_input(Index i);
  void check_input_bounds(Index i);
  void check_input_values(Index i);
  std::string def_name(DefNode node) const;
  source::Span def_span(DefNode node) const;
  Index def_module(DefNode node) const;

  // ---- expressions.cpp: names, fields, control flow
  ir::ExprPtr expr(const ast::Expr& e, const Type* expected = nullptr);
  ir::ExprPtr name(const ast::Expr& e, const Type* expected);
  ir::ExprPtr field(const ast::Expr& e);
  // `combine.aid` (after the caps) or `combine.before.aid`: e.text names the aid.
  ir::ExprPtr aid(const ast::Expr& e, Index combine, ir::AidRef::When when);
  ir::ExprPtr coerce(ir::ExprPtr e, Type expected, const std::string& what);
  ir::ExprPtr error_expr(source::Span span);
  // The scheme whose `amount` and `eligible` the current module reads, if any.
  std::optional<Index> scheme_in_scope() const;
  std::optional<ir::ExprPtr> enum_case(const std::string& name, source::Span span, const Type* expected);

  // ---- operators.cpp: arithmetic, comparison, logic, caps
  ir::ExprPtr unary(const ast::Expr& e, const Type* expected);
  ir::ExprPtr binary(const ast::Expr& e, const Type* expected);
  ir::ExprPtr arithmetic(const ast::Expr& e, ir::ExprPtr lhs, ir::ExprPtr rhs);
  ir::ExprPtr comparison(const ast::Expr& e, ir::ExprPtr lhs, ir::ExprPtr rhs);
  ir::ExprPtr membership(const ast::Expr& e);
  ir::ExprPtr cap(const ast::Expr& e, const Type* expected);
  ir::ExprPtr if_then_else(const ast::Expr& e, const Type* expected);
  ir::ExprPtr match(const ast::Expr& e, const Type* expected);
  // `not applicable` of the expected type; UntypedNotApplicable when nothing gives one.
  ir::ExprPtr not_applicable(const ast::Expr& e, const Type* expected);
  // Widens Int to Decimal so that both sides share a type; false when they cannot.
  bool unify(ir::ExprPtr& a, ir::ExprPtr& b);
  void report_operands(const ast::Expr& e, const ir::Expr& lhs, const ir::Expr& rhs, const std::string& verb);

  // ---- literals.cpp
  ir::ExprPtr literal(const ast::Expr& e);
  ir::ExprPtr number(const ast::Expr& e);
  std::optional<runtime::Days> date(const std::string& text, source::Span span);

  // ---- periods.cpp: money per a period or a unit
  // A declared unit named by a literal's suffix or a type, imported files included; null when
  // none is (`failed` when two imported files declare it, reported).
  const Symbol* unit_named(const std::string& name, source::Span span, bool& failed);
  // The Money type of `€/month/person` or `Money/month/person` from the words after `/`.
  Type money_per(const std::vector<ast::Name>& words);
  // Money per a period times a duration: the amount over that duration; nullopt for other operands.
  std::optional<ir::ExprPtr> money_times_duration(const ast::Expr& e, ir::ExprPtr& lhs, ir::ExprPtr& rhs);
  // Reports money of two periods or units mixed (PeriodMismatch); false for other operands.
  bool report_period_mismatch(const ast::Expr& e, const ir::Expr& lhs, const ir::Expr& rhs, const std::string& verb);

  // ---- calls.cpp: tables, functions, built-ins, comprehensions, list and record literals
  ir::ExprPtr call(const ast::Expr& e);
  ir::ExprPtr builtin(const ast::Expr& e);
  ir::ExprPtr comprehension(const ast::Expr& e);
  ir::ExprPtr list_literal(const ast::Expr& e, const Type* expected);
  ir::ExprPtr record_literal(const ast::Expr& e, const Type* expected);

  // ---- tables.cpp and table_coverage.cpp
  void check_table(Index i);
  // Checks the header and rows; false when one of them is malformed (reported).
  bool check_table_rows(Index i);
  void check_table_coverage(Index i);
  // A parameter of a table or function named like a global value, and read in the body, hides
  // that global: warned once per parameter.
  void warn_if_shadowing(const Local& local);
  std::set<const ast::Name*> shadow_warned_;
  std::optional<int64_t> fold(const ir::Expr& e) const;
  std::string format_value(Type type, int64_t value) const;

  // ---- tests_and_combines.cpp
  void check_combine(Index i);
  void check_tests(const ast::File& file, Index module);
  void check_properties(const ast::File& file, Index module);  // properties.cpp
  bool is_constant(const ir::Expr& e) const;

  // ---- levels.cpp: members joined with `in LEVEL [priority N]`, their order, `level.amount`
  void attach_level_members(const std::vector<const ast::File*>& files);
  void join_level(const ast::Membership& m, ir::LevelMember member, const std::string& member_name);
  void check_level(Index i);
  ir::ExprPtr level_value(const ast::Expr& e, Index level);

  // ---- suggest.cpp
  std::vector<std::string> value_names() const;
  // Adds "did you mean" to `d` when a candidate is close to `wrong`; true when it did.
  bool suggest(diag::Diagnostic& d, const std::string& wrong, const std::vector<std::string>& candidates);
  // Counts one "did you mean" search; false past the first kSuggestionsAtMost of a compilation,
  // whose candidates are then not even listed: a file with 100 000 unknown names among 100 000
  // definitions would otherwise take 10¹⁰ comparisons.
  bool may_suggest() { return suggestions_++ < kSuggestionsAtMost; }
  static constexpr size_t kSuggestionsAtMost = 100;
  size_t suggestions_ = 0;

  // ---- shared state
  const source::SourceManager& sources_;
  diag::Sink& sink_;
  std::string repl_scheme_;  // the scheme the REPL's module reads (see check.hpp)
  ir::Program program_;
  std::vector<Scope> scopes_;  // by module
  std::vector<std::unordered_set<std::string>> ambiguous_;  // names two files of an open import declare
  std::unordered_map<std::string, std::vector<Index>> declared_anywhere_;  // name → modules declaring it
  std::vector<std::string> enum_local_names_;  // each enum's name in its own namespace
  std::map<std::string, std::vector<std::pair<Index, Index>>> enum_cases_;  // case → (enum, case)

  // The AST of each IR declaration, by the same index.
  std::vector<const ast::RecordDecl*> record_ast_;
  std::vector<const ast::InputDecl*> input_ast_;      // null for a `let … unless given`
  std::vector<const ast::LetDecl*> input_let_ast_;   // the `let … unless given`, else null
  std::vector<const ast::ParamDecl*> param_ast_;
  std::vector<const ast::LetDecl*> rule_ast_, function_ast_;
  std::vector<const ast::TableDecl*> table_ast_;
  std::vector<bool> table_failed_;  // a table with an error in its rows gets no coverage proof
  std::vector<const ast::CombineDecl*> combine_ast_;
  std::vector<const ast::LevelDecl*> level_ast_;
  std::vector<std::vector<const ast::EligibleDecl*>> scheme_eligible_ast_;
  std::vector<const ast::AmountDecl*> scheme_amount_ast_;
  std::vector<std::vector<const ast::OutputDecl*>> scheme_output_ast_;
  // The scheme's `output` declarations, resolved (outputs.cpp).
  void check_outputs(Index scheme);
  std::vector<std::optional<Index>> module_scheme_;  // the scheme of each module, if any
  // `rounding MODE` of a scheme header; UnknownRoundingMode (and the default) otherwise.
  ir::RoundMode rounding_mode(const ast::Name& mode);

  std::map<DefKind, std::vector<DefState>> states_;
  std::vector<DefNode> def_stack_;
  std::vector<std::vector<std::string>> reported_cycles_;
  bool reported_too_deep_ = false;

  // The body being checked.
  Index module_ = 0;
  std::vector<Local> locals_;
  Index next_slot_ = 0;
  bool in_test_ = false;
  // The definition whose body is being checked, named by `not applicable` (e.g. `bonus`).
  std::string definition_;
};

}  // namespace bareme::sema
