// The REPL's situation as a whole (`:load FILE.json`, `:save FILE.json`, read and written as
// `bareme eval --input` does) and `:show NAME`, one definition's value with its type.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "diag/clip.hpp"
#include "diag/suggest.hpp"
#include "inputs/application.hpp"
#include "inputs/json.hpp"
#include "report/json_writer.hpp"
#include "report/results.hpp"
#include "repl_session.hpp"
#include "scoring/simulate.hpp"

namespace bareme::tools {
namespace {

namespace fs = std::filesystem;

// `"a" (did you mean "b"?), "c"`: the first ten, then how many more.
std::string listed(const std::vector<std::string>& names) {
  constexpr size_t kListed = 10;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kListed; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kListed) out += fmt::format(" and {} more", names.size() - kListed);
  return out;
}

std::string plural(size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

bool ReplSession::is_situation(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  std::string lower(ext);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower == ".json";
}

std::string ReplSession::load_situation(const std::string& path) {
  const std::string shown = diag::clip(path);
  const std::string unchanged = fmt::format("`{}` was not loaded: the situation is unchanged\n", shown);
  std::error_code ec;
  if (!fs::exists(path, ec)) return fmt::format("cannot read `{}`: no such file\n", shown);
  if (fs::is_directory(path, ec)) return fmt::format("cannot read `{}`: it is a folder\n", shown);
  if (!fs::is_regular_file(path, ec)) return fmt::format("cannot read `{}`: it is not a file\n", shown);
  const auto size = fs::file_size(path, ec);
  if (ec || size > inputs::kMaxJsonBytes) {
    return fmt::format("cannot read `{}`: {}\n", shown, ec ? ec.message() : fmt::format("it is larger than {} MB", inputs::kMaxJsonBytes >> 20));
  }
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  if (!file && !file.eof()) return fmt::format("cannot read `{}`\n", shown);
  auto parsed = inputs::parse_json(text.str());
  if (auto* e = std::get_if<inputs::JsonError>(&parsed)) {
    const std::string where = e->line ? fmt::format("{}:{}:{}: ", shown, e->line, e->column) : shown + ": ";
    return where + e->message + "\n" + unchanged;
  }
  const ir::Program* p = program();
  if (!p) return "nothing is loaded\n";
  const auto read = inputs::read_application(*p, std::get<inputs::Json>(parsed), false, inputs::UnknownMembers::Ignore);
  std::string out;
  // Said first, as `eval` does: a misspelt name may be why an input is missing.
  if (!read.ignored.empty()) {
    std::vector<std::string> names;
    for (const auto& name : read.ignored) names.push_back(inputs::unknown_name(*p, name));
    out += fmt::format("warning: `{}` gives {} no input, ignored: {}\n", shown,
                       names.size() == 1 ? "a name that is" : "names that are", listed(names));
  }
  if (!read.errors.empty()) {
    for (const auto& e : read.errors) out += fmt::format("bad input at {}: {}\n", e.path, e.message);
    return out + unchanged;
  }
  // The situation becomes the file's: what it does not give is no longer set.
  const size_t before = inputs_.size();
  std::map<std::string, Set> now;
  for (size_t i = 0; i < p->inputs.size(); ++i) {
    if (read.app.inputs[i]) now[p->inputs[i].name] = Set{ir::type_name(*p, p->inputs[i].type), *read.app.inputs[i]};
  }
  size_t dropped = 0;
  for (const auto& [name, set] : inputs_) dropped += now.count(name) ? 0 : 1;
  inputs_ = std::move(now);
  out += fmt::format("loaded situation {}: {} set", shown, plural(inputs_.size(), "input"));
  if (dropped) out += fmt::format(" ({} of the {} set before no longer)", dropped, before);
  return out + "\n";
}

std::string ReplSession::save_situation(const std::string& path) {
  const std::string shown = diag::clip(path);
  std::error_code ec;
  if (fs::is_directory(path, ec)) return fmt::format("cannot write `{}`: it is a folder\n", shown);
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) return fmt::format("cannot write `{}`: it is not a file\n", shown);
  const ir::Program* p = program();
  // In the program's order of inputs, each as `bareme eval --input` reads it back.
  std::string text = "{";
  size_t count = 0;
  if (p) {
    for (const auto& in : p->inputs) {
      const auto it = inputs_.find(in.name);
      if (it == inputs_.end() || it->second.type != ir::type_name(*p, in.type)) continue;
      text += fmt::format("{}\n  {}: {}", count++ ? "," : "", report::json_escape(in.name),
                          scoring::json_value(*p, in.type, it->second.value));
    }
  }
  text += count ? "\n}\n" : "}\n";
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return fmt::format("cannot write `{}`\n", shown);
  file << text;
  file.close();
  if (!file) return fmt::format("cannot write `{}`\n", shown);
  return fmt::format("saved {} to {}\n", plural(count, "input"), shown);
}

std::string ReplSession::show(const std::string& name) {
  if (name.empty()) return "write `:show NAME`, NAME a definition, an input or a parameter\n";
  const ir::Program* p = program();
  if (!p) return "nothing is loaded\n";
  std::string kind;
  for (const auto& in : p->inputs) {
    if (in.name != name) continue;
    const auto it = inputs_.find(name);
    const bool set = it != inputs_.end() && it->second.type == ir::type_name(*p, in.type);
    if (set) {
      return fmt::format("{} = {} : {}  ({}, set)\n", name, interp::format_value(*p, in.type, it->second.value),
                         it->second.type, in.definition ? "definition" : "input");
    }
    if (!in.default_value) {
      return fmt::format("{} : {} is an input not set: `set {} = …`{}\n", name, ir::type_name(*p, in.type), name,
                         in.doc.empty() ? "" : "  (" + in.doc + ")");
    }
    kind = in.definition ? "definition" : "input, default";
  }
  for (const auto& x : p->params) {
    if (x.name == name) kind = params_.count(name) ? "parameter, overridden by `param`" : "parameter";
  }
  for (const auto& x : p->rules) {
    if (x.name == name) kind = "definition";
  }
  auto signature = [&](const std::vector<ir::Field>& params) {
    std::string out;
    for (const auto& f : params) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", f.name, ir::type_name(*p, f.type));
    return out;
  };
  for (const auto& f : p->functions) {
    if (f.name == name) {
      return fmt::format("{} is a function, {}({}) : {}: call it\n", name, name, signature(f.params),
                         ir::type_name(*p, f.result));
    }
  }
  for (const auto& t : p->tables) {
    if (t.name == name) return fmt::format("{} is a table: call it, {}({})\n", name, name, signature(t.params));
  }
  if (name == "amount" || name == "eligible") kind = "result of " + (scheme(*p) ? p->schemes[*scheme(*p)].name : "no scheme");
  if (kind.empty() && name.find('.') == std::string::npos) {
    std::vector<std::string> names = {"amount", "eligible"};
    for (const auto& x : p->inputs) names.push_back(x.name);
    for (const auto& x : p->params) names.push_back(x.name);
    for (const auto& x : p->rules) names.push_back(x.name);
    std::string message = fmt::format("no definition, input or parameter is named `{}`", diag::clip(name));
    if (auto best = diag::closest(name, names)) message += fmt::format("; did you mean `{}`?", *best);
    return message + "\n";
  }
  std::string report;
  const ir::ExprPtr value = check(name, nullptr, report);
  if (!value) return report;
  const auto result = interp::evaluate_expression(*p, *value, scheme(*p), application(*p), options(false));
  after_line();
  if (result.error) {
    const auto& e = *result.error;
    if (e.code == runtime::ErrorCode::MissingInput && e.missing_input) {
      const auto& in = p->inputs[*e.missing_input];
      return fmt::format("{} is undetermined: it needs the input {} : {}, not set (`set {} = …`; `:missing` lists all)\n",
                         name, in.name, ir::type_name(*p, in.type), in.name);
    }
    return report + fmt::format("{}: runtime error: {}\n", name, report::describe_error(e, base_->sources));
  }
  const std::string type = ir::type_name(*p, value->type);
  return report + fmt::format("{} = {} : {}{}\n", name, interp::format_value(*p, value->type, *result.value), type,
                              kind.empty() ? "" : "  (" + kind + ")");
}

}  // namespace bareme::tools
