// REPL lines compiled against the loaded schemes (as a module `__repl` that imports them) and
// evaluated by the interpreter; diagnostics are drawn against what was typed.
#include "repl_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "diag/clip.hpp"
#include "diag/render.hpp"
#include "diag/suggest.hpp"
#include "inputs/application.hpp"
#include "interp/interp.hpp"
#include "partial/partial.hpp"
#include "report/results.hpp"
#include "scheme_choice.hpp"
#include "scoring/score.hpp"
#include "scoring/simulate.hpp"
#include "sema/check.hpp"
#include "testrun/run_tests.hpp"

namespace bareme::tools {
namespace {

uint32_t code_points(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool starts_with_word(const std::string& s, const std::string& word) {
  return s.rfind(word, 0) == 0 && (s.size() == word.size() || s[word.size()] == ' ');
}

// What follows `word` and its space in `s` (which starts with the word): empty for the bare word.
std::string after_word(const std::string& s, const std::string& word) {
  return s.size() > word.size() ? s.substr(word.size() + 1) : std::string();
}

constexpr const char* kCommands[] = {":load", ":save", ":show", ":reload", ":reset", ":type", ":missing", ":explain", ":test",
                                     ":score", ":simulate", ":prove", ":scheme", ":help", ":quit"};

}  // namespace

ReplSession::ReplSession(std::vector<std::string> library_paths, bool color)
    : library_paths_(std::move(library_paths)), color_(color) {
  std::string report;
  base_ = compile("", report);
}

std::unique_ptr<driver::Compilation> ReplSession::compile(const std::string& tail, std::string& report,
                                                          bool from_disk) const {
  std::string text = fmt::format("module {} \"REPL\"\n", sema::kReplModule);
  for (const auto& f : files_) text += fmt::format("import \"{}\"\n", f);
  for (const auto& d : definitions_) text += d + "\n";
  const uint32_t tail_offset = code_points(text);  // what was typed (a `let`) is the tail
  text += tail + "\n";
  driver::Options options;
  options.library_paths = library_paths_;
  options.repl_scheme = scheme_name_;
  options.keep_checker = true;
  if (!from_disk) options.texts = &texts_;
  auto c = driver::compile_text("<repl>", text, options);
  report += render(c->sink, c->sources, 0, tail_offset, tail);
  return c;
}

void ReplSession::keep_texts() {
  texts_.clear();
  if (!base_) return;
  for (source::FileId f = 0; f < base_->sources.size(); ++f) {
    const auto& file = base_->sources.file(f);
    // Not the REPL's own module nor its lines.
    if (!file.path().empty() && file.path().front() != '<') texts_.emplace(file.path(), std::string(file.text()));
  }
}

std::string ReplSession::render(const diag::Sink& sink, const source::SourceManager& sources, source::FileId file,
                                uint32_t tail_offset, const std::string& shown) const {
  // What points into the typed line is drawn against it alone, from column 1.
  source::SourceManager typed;
  typed.add("<input>", shown);
  std::string report;
  for (const auto& d : sink.diagnostics()) {
    const bool in_tail = d.span.valid() && d.span.file == file && d.span.begin >= tail_offset;
    if (!in_tail) {
      report += diag::render_text(d, sources, {color_});
      continue;
    }
    diag::Diagnostic moved = d;
    moved.span = source::Span{0, d.span.begin - tail_offset, d.span.end - tail_offset};
    for (auto& n : moved.notes) {
      if (n.span.valid() && n.span.file == file && n.span.begin >= tail_offset) {
        n.span = source::Span{0, n.span.begin - tail_offset, n.span.end - tail_offset};
      } else {
        n.span = {};
      }
    }
    report += diag::render_text(moved, typed, {color_});
  }
  return report;
}

ir::ExprPtr ReplSession::check(const std::string& expr, const ir::Type* expected, std::string& report) {
  if (!base_->ok()) {
    report += "the files no longer compile: `:reload` once they are fixed\n";
    return nullptr;
  }
  // The expression gets its own line, so that what points into it is drawn against the input.
  const std::string prefix = fmt::format("module {} \"REPL\"\nlet __repl =\n", sema::kReplModule);
  const size_t at = typed_.find(expr);
  const std::string& shown = at == std::string::npos || typed_.empty() ? expr : typed_;
  const uint32_t offset = at == std::string::npos ? 0 : code_points(std::string_view(typed_).substr(0, at));
  auto line = driver::check_line(*base_, "<repl>", prefix + expr, expected);
  report += render(line.sink, base_->sources, line.file, code_points(prefix) - offset, shown);
  if (!line.value && !line.sink.has_errors()) report += "this is not an expression\n";
  return std::move(line.value);
}

void ReplSession::after_line() {
  // The line's exact intermediates were marked with the program's: the program's marks again.
  if (base_->program) ir::mark_exact_values(*base_->program);
}

interp::Application ReplSession::application(const ir::Program& p) const {
  auto app = interp::empty_application(p);
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    auto it = inputs_.find(p.inputs[i].name);
    if (it != inputs_.end() && it->second.type == ir::type_name(p, p.inputs[i].type)) app.inputs[i] = it->second.value;
  }
  for (size_t i = 0; i < p.params.size(); ++i) {
    auto it = params_.find(p.params[i].name);
    if (it != params_.end() && it->second.type == ir::type_name(p, p.params[i].type)) app.param_overrides[i] = it->second.value;
  }
  return app;
}

std::string ReplSession::evaluate(const std::string& expr, const ir::Type* expected, bool show_type,
                                  std::optional<Set>* out) {
  if (trim(expr).empty()) return "an expression is missing\n";
  std::string report;
  const ir::ExprPtr value = check(expr, expected, report);
  if (!value) return report;
  const ir::Program& p = *base_->program;
  const auto result = interp::evaluate_expression(p, *value, scheme(p), application(p), options(false));
  after_line();
  if (result.error) return report + "runtime error: " + report::describe_error(*result.error, base_->sources) + "\n";
  const std::string type_text = ir::type_name(p, value->type);
  if (out) *out = Set{type_text, *result.value};
  if (!show_type) return report;
  return report + fmt::format("{} : {}\n", interp::format_value(p, value->type, *result.value), type_text);
}

std::string ReplSession::assign(const std::string& input, bool param) {
  const auto eq = input.find('=');
  const std::string name = trim(input.substr(0, eq == std::string::npos ? input.size() : eq));
  if (eq == std::string::npos || name.empty()) {
    return fmt::format("write `{} NAME = value`\n", param ? "param" : "set");
  }
  const ir::Program* p = base_->program ? &*base_->program : nullptr;
  std::vector<std::string> names;
  std::string type;
  if (p) {
    if (param) {
      for (const auto& x : p->params) {
        names.push_back(x.name);
        if (x.name == name) type = ir::type_name(*p, x.type);
      }
    } else {
      for (const auto& x : p->inputs) {
        names.push_back(x.name);
        if (x.name == name) type = ir::type_name(*p, x.type);
      }
    }
  }
  if (type.empty()) {
    if (p && !param) {
      if (auto why = inputs::computed_definition(*p, name)) return *why + "\n";
    }
    std::string message = fmt::format("there is no {} named `{}`", param ? "parameter" : "input", diag::clip(name));
    if (auto best = diag::closest(name, names)) message += fmt::format("; did you mean `{}`?", *best);
    return message + "\n";
  }
  ir::Type declared;
  for (const auto& x : p->inputs) {
    if (!param && x.name == name) declared = x.type;
  }
  for (const auto& x : p->params) {
    if (param && x.name == name) declared = x.type;
  }
  std::optional<Set> value;
  std::string report;
  // An enum input may also be set by code or label, written as a text: `set commune = "75056"`.
  const std::string written = trim(input.substr(eq + 1));
  // A case's name is taken as it is: its enum's name may not be in the REPL's scope, nor the
  // case's name free of a namespace of the same name (`set commune = toulouse` in a catalogue).
  if (declared.is(ir::TypeKind::Enum)) {
    const auto& cases = p->enums[declared.ref].cases;
    const auto c = std::find_if(cases.begin(), cases.end(), [&](const ir::EnumCase& x) { return x.name == written; });
    if (c != cases.end()) value = Set{type, runtime::Value::of(static_cast<int64_t>(c - cases.begin()))};
  }
  if (!value && declared.is(ir::TypeKind::Enum) && written.size() >= 2 && written.front() == '"' && written.back() == '"') {
    inputs::Json text{inputs::Json::Kind::String};
    text.text = written.substr(1, written.size() - 2);
    std::vector<inputs::InputError> errors;
    auto v = inputs::read_value(*p, declared, text, name, errors);
    if (!v) return errors.empty() ? std::string("no such case\n") : errors.front().message + "\n";
    value = Set{type, *v};
  }
  if (!value) report = evaluate(written, &declared, false, &value);
  if (!value) return report;
  (param ? params_ : inputs_)[name] = *value;
  return report + fmt::format("{} {} = {}\n", param ? "param" : "set", name, interp::format_value(*p, declared, value->value));
}

std::string ReplSession::load(const std::string& path) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (!std::filesystem::is_regular_file(absolute, ec)) return fmt::format("cannot read `{}`: it is not a file\n", diag::clip(path));
  if (std::find(files_.begin(), files_.end(), absolute) == files_.end()) files_.push_back(absolute);
  std::string report;
  auto c = compile("", report, /*from_disk=*/true);
  if (!c->ok()) {
    files_.erase(std::find(files_.begin(), files_.end(), absolute));
    return report + fmt::format("`{}` was not loaded\n", path);
  }
  base_ = std::move(c);
  keep_texts();
  const auto& p = *base_->program;
  // A definition declared `unless given` is read as an input but counted as a definition.
  const auto given = static_cast<size_t>(
      std::count_if(p.inputs.begin(), p.inputs.end(), [](const ir::Input& in) { return in.definition; }));
  const std::string schemes = p.schemes.empty()       ? ""
                              : p.schemes.size() == 1 ? ", scheme " + p.schemes.front().name
                                                      : fmt::format(", {} schemes", p.schemes.size());
  return report + fmt::format("loaded {}: {} inputs, {} parameters, {} definitions{}\n", path, p.inputs.size() - given,
                              p.params.size(), p.rules.size() + given, schemes) + keep_scheme();
}

std::string ReplSession::reload() {
  std::string report;
  auto c = compile("", report, /*from_disk=*/true);
  if (!c->ok()) return report + "the files have errors: the session keeps the previous version\n";
  base_ = std::move(c);
  keep_texts();
  const auto& p = *base_->program;
  std::string out = report + keep_scheme();
  for (auto it = inputs_.begin(); it != inputs_.end();) {
    const auto in = std::find_if(p.inputs.begin(), p.inputs.end(), [&](const ir::Input& x) { return x.name == it->first; });
    if (in == p.inputs.end() || ir::type_name(p, in->type) != it->second.type) {
      out += fmt::format("input `{}` is gone or changed type: no longer set\n", it->first);
      it = inputs_.erase(it);
    } else {
      ++it;
    }
  }
  return out + fmt::format("reloaded {} file{}; {} input{} still set\n", files_.size(), files_.size() == 1 ? "" : "s",
                           inputs_.size(), inputs_.size() == 1 ? "" : "s");
}

std::string ReplSession::missing() {
  if (!base_->program || !scheme(*base_->program)) return "no scheme is loaded\n";
  const auto& p = *base_->program;
  // Partial evaluation: decided, or the inputs still needed, the first to ask first.
  const auto outcome = partial::evaluate(p, *scheme(p), application(p), options(false));
  return partial::render_text(outcome, p, base_->sources);
}

std::string ReplSession::explain(const std::string& name) {
  if (!base_->program) return "nothing is loaded\n";
  const auto& p = *base_->program;
  if (name.empty() || name == "amount" || name == "eligible") {
    if (!scheme(p)) return "no scheme is loaded\n";
    return report::explain_text(interp::evaluate(p, *scheme(p), application(p), options(true)), base_->sources);
  }
  // A condition's label: its part of the result's explanation.
  if (scheme(p)) {
    const auto& conditions = p.schemes[*scheme(p)].conditions;
    if (std::any_of(conditions.begin(), conditions.end(), [&](const ir::Condition& c) { return c.name == name; })) {
      const auto result = interp::evaluate(p, *scheme(p), application(p), options(true));
      for (size_t root : result.trace.roots) {
        if (result.trace.nodes[root].name == name) return report::trace_text(result.trace, root, "");
      }
      if (result.error) return "runtime error: " + report::describe_error(*result.error, base_->sources) + "\n";
    }
  }
  std::string report;
  const ir::ExprPtr value = check(name, nullptr, report);
  if (!value) return report;
  const auto result = interp::evaluate_expression(p, *value, scheme(p), application(p), options(true));
  after_line();
  std::string out = report;
  for (size_t root : result.trace.roots) out += report::trace_text(result.trace, root, "");
  if (result.error) out += "runtime error: " + report::describe_error(*result.error, base_->sources) + "\n";
  return out.empty() ? fmt::format("{} is a constant\n", name) : out;
}

std::string ReplSession::run_tests() {
  if (!base_->program) return "nothing is loaded\n";
  const auto& p = *base_->program;
  size_t passed = 0, failed = 0;
  std::string out;
  for (ir::Index m = 0; m < p.modules.size(); ++m) {
    if (p.modules[m].name == sema::kReplModule) continue;
    const bool loaded = std::any_of(files_.begin(), files_.end(), [&](const std::string& f) {
      return std::filesystem::path(f).filename() == std::filesystem::path(p.modules[m].path).filename();
    });
    if (!loaded) continue;
    const auto r = testrun::run_tests(p, base_->sources, m);
    for (const auto& note : r.notes) out += "note: " + note + "\n";
    for (const auto& f : r.failures) out += fmt::format("test \"{}\" FAILED\n  {}\n{}", f.test, f.message, f.trace);
    passed += r.passed;
    failed += r.failed;
  }
  return out + fmt::format("{} passed, {} failed\n", passed, failed);
}

std::string ReplSession::score(const std::string& path) {
  if (!base_->program || !scheme(*base_->program)) return "no scheme is loaded\n";
  scoring::ScoreOptions options;
  options.input = path;
  options.param_overrides = application(*base_->program).param_overrides;
  options.sources = &base_->sources;
  const int status = scoring::score(*base_->program, *scheme(*base_->program), options);
  return status == 0 ? "" : fmt::format("scoring stopped (status {})\n", status);
}

std::string ReplSession::simulate(const std::string& count) {
  if (!base_->program || !scheme(*base_->program)) return "no scheme is loaded\n";
  scoring::SimulateOptions options;
  // Digits only (no sign, no suffix), at most 9 of them: no conversion can overflow.
  const bool digits = count.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) return "write `:simulate N`, N a number of applications\n";
  if (count.size() > 9) return "N must be between 1 and 100 000 000\n";
  options.count = count.empty() ? 100000 : std::stoull(count);
  if (options.count == 0 || options.count > 100'000'000) return "N must be between 1 and 100 000 000\n";
  // The session's parameter overrides are the reform, beside the files' values.
  options.reform = application(*base_->program).param_overrides;
  std::ostringstream out;
  options.warnings = &out;
  options.sources = &base_->sources;
  if (auto why = scoring::simulate(*base_->program, *scheme(*base_->program), options, out)) return *why + "\n";
  return out.str();
}

std::string ReplSession::help() const {
  return "  EXPR              evaluate an expression: its value and type\n"
         "  set NAME = EXPR   set an input\n"
         "  param NAME = EXPR override a parameter (a reform); :reset undoes it\n"
         "  let NAME = EXPR   a new definition for this session\n"
         "  :type EXPR        the type of an expression\n"
         "  :missing          eligible, not eligible, or the inputs still needed, ranked\n"
         "  :explain [NAME]   how a value (or the result) is reached, with citations\n"
         "  :scheme [NAME]    the schemes loaded, or make NAME the current one (what\n"
         "                    amount, eligible, :explain, :missing, :score, :simulate read)\n"
         "  :show NAME        the value of a definition, an input or a parameter\n"
         "  :load FILE        load a scheme or module     :reload   re-read the files\n"
         "  :load FILE.json   the situation (inputs) of a JSON file, as `eval --input` reads\n"
         "  :save FILE.json   the inputs set, as such a file\n"
         "  :reset            drop session definitions and parameter overrides\n"
         "  :test             run the loaded files' tests\n"
         "  :score FILE.csv   score a CSV file with the JIT   :simulate N   simulate N applications\n"
         "  :prove [NAME]     prove the scheme's properties (or NAME), with the `param` reform\n"
         "  :help  :quit      (Ctrl-D quits, Ctrl-C abandons the current input)\n";
}

std::string ReplSession::handle(const std::string& raw) {
  // Every line gets an answer and the session goes on, whatever goes wrong inside.
  try {
    return dispatch(raw);
  } catch (const std::exception& e) {
    return fmt::format("internal error: {} (the session goes on)\n", e.what());
  }
}

std::string ReplSession::dispatch(const std::string& raw) {
  const std::string input = trim(raw);
  typed_ = input;
  if (input.empty() || input[0] == '#') return "";
  if (input[0] == ':') {
    const auto space = input.find_first_of(" \t");
    const std::string command = input.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : trim(input.substr(space + 1));
    if (command == ":quit" || command == ":q") {
      quit_ = true;
      return "";
    }
    if (command == ":help") return help();
    if (command == ":load") {
      if (rest.empty()) return "write `:load FILE`\n";
      if (is_situation(rest)) return load_situation(rest);
      const auto* before = base_.get();
      std::string out = load(rest);
      return base_.get() == before ? out : out + scheme_notice();
    }
    if (command == ":save") return rest.empty() ? "write `:save FILE.json`\n" : save_situation(rest);
    if (command == ":show") return show(rest);
    if (command == ":scheme") return schemes_command(rest);
    if (command == ":reload") return reload();
    if (command == ":reset") {
      params_.clear();
      std::string report;
      // Parameter overrides are the application's: only session definitions need a compilation.
      if (!definitions_.empty()) {
        definitions_.clear();
        base_ = compile("", report);
      }
      return report + "back to the files' definitions (inputs kept)\n";
    }
    if (command == ":type") {
      std::optional<Set> value;
      std::string report = evaluate(rest, nullptr, false, &value);
      return value ? report + value->type + "\n" : report;
    }
    if (command == ":missing") return missing();
    if (command == ":explain") return explain(rest);
    if (command == ":test") return run_tests();
    if (command == ":score") return rest.empty() ? "write `:score FILE.csv`\n" : score(rest);
    if (command == ":simulate") return simulate(rest);
    if (command == ":prove") return prove(rest);
    std::string message = fmt::format("unknown command `{}`", diag::clip(command));
    std::vector<std::string> commands(std::begin(kCommands), std::end(kCommands));
    if (auto best = diag::closest(command, commands)) message += fmt::format("; did you mean `{}`?", *best);
    return message + " (:help lists them)\n";
  }
  if (starts_with_word(input, "set")) return assign(after_word(input, "set"), false);
  if (starts_with_word(input, "param")) return assign(after_word(input, "param"), true);
  if (starts_with_word(input, "let")) {
    std::string report;
    auto c = compile(input, report);
    if (!c->ok()) return report;
    definitions_.push_back(input);
    base_ = std::move(c);
    const size_t name_end = std::max<size_t>(4, std::min(input.size(), input.find_first_of("=(:")));
    return report + fmt::format("defined {}\n", trim(input.substr(std::min<size_t>(4, input.size()), name_end - 4)));
  }
  return evaluate(input, nullptr, true, nullptr);
}

bool ReplSession::needs_more(const std::string& pending) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < pending.size(); ++i) {
    const char c = pending[i];
    if (in_string) {
      // A text ends at its quote, or (unterminated: the checker says so) at the line's end.
      if (c == '\\') ++i;
      else if (c == '"' || c == '\n') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '#') i = pending.find('\n', i) == std::string::npos ? pending.size() : pending.find('\n', i);
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') --depth;
  }
  if (depth > 0) return true;
  const std::string t = trim(pending);
  if (t.empty() || (t[0] == ':' && !starts_with_word(t, ":type"))) return false;
  if (starts_with_word(t, "table")) return pending.size() < 2 || pending.substr(pending.size() - 2) != "\n\n";
  for (const char* end : {"=", "+", "-", "*", "/", ",", "|", "->", "§", "=>"}) {
    const std::string e = end;
    if (t.size() >= e.size() && t.compare(t.size() - e.size(), e.size(), e) == 0) return true;
  }
  const auto space = t.find_last_of(" \n\t");
  const std::string last = space == std::string::npos ? t : t.substr(space + 1);
  for (const char* word : {"and", "or", "not", "if", "then", "else", "capped", "at", "in", "where", "for"}) {
    if (last == word) return true;
  }
  return false;
}

std::vector<std::string> ReplSession::completions(const std::string& prefix, const std::string& before) const {
  std::vector<std::string> all;
  if (trim(before) == ":scheme") {
    if (const ir::Program* p = program()) all = scheme_names(*p);
    std::erase_if(all, [&](const std::string& name) { return name.rfind(prefix, 0) != 0; });
    std::sort(all.begin(), all.end());
    return all;
  }
  all.assign(std::begin(kCommands), std::end(kCommands));
  for (const char* k : {"set", "param", "let", "amount", "eligible"}) all.push_back(k);
  if (base_ && base_->program) {
    const auto& p = *base_->program;
    for (const auto& x : p.inputs) all.push_back(x.name);
    for (const auto& x : p.params) all.push_back(x.name);
    for (const auto& x : p.rules) all.push_back(x.name);
    for (const auto& x : p.functions) all.push_back(x.name);
    for (const auto& x : p.tables) all.push_back(x.name);
    for (const auto& e : p.enums) {
      all.push_back(e.name);
      for (const auto& c : e.cases) all.push_back(c.name);
    }
  }
  std::vector<std::string> out;
  for (auto& name : all) {
    if (name.rfind(prefix, 0) == 0 && name != "__repl") out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace bareme::tools
