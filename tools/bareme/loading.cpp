// Loading a scheme and an application for `eval`, `explain` and later commands.
#include "loading.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "diag/render.hpp"
#include "diag/suggest.hpp"
#include "report/results.hpp"
#include "scheme_choice.hpp"

namespace bareme::tools {

std::optional<std::string> read_text(const std::string& path, size_t limit, std::string& error) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      error = fmt::format("cannot read `{}`: it is a folder", path);
      return std::nullopt;
    }
    file.open(path, std::ios::binary);
    if (!file) {
      error = fmt::format("cannot read `{}`", path);
      return std::nullopt;
    }
    in = &file;
  }
  std::string text;
  char buffer[1 << 16];
  while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in->gcount()));
    if (text.size() > limit) {
      error = fmt::format("`{}` is larger than {} MB", path == "-" ? "standard input" : path, limit >> 20);
      return std::nullopt;
    }
  }
  return text;
}

std::unique_ptr<driver::Compilation> load_project(const std::string& path,
                                                  const std::vector<std::string>& library_paths,
                                                  const char* command) {
  driver::Options options;
  options.library_paths = library_paths;
  auto c = driver::compile_file(path, options);
  std::cerr << diag::render_text(c->sink.diagnostics(), c->sources, {use_color(ColorChoice::Auto)});
  if (!c->ok()) {
    std::cerr << fmt::format("bareme {}: `{}` does not compile\n", command, path);
    return nullptr;
  }
  return c;
}

std::optional<LoadedScheme> load_scheme(const std::string& path, const std::vector<std::string>& library_paths,
                                        const char* command, const std::string& scheme) {
  auto c = load_project(path, library_paths, command);
  if (!c) return std::nullopt;
  const auto& program = *c->program;
  const std::vector<std::string> names = scheme_names(program);
  if (!scheme.empty()) {
    if (auto found = scheme_option(program, scheme, command, path)) return LoadedScheme{std::move(c), *found};
    return std::nullopt;
  }
  const ir::Index root = static_cast<ir::Index>(program.modules.size() - 1);
  for (ir::Index s = 0; s < program.schemes.size(); ++s) {
    if (program.schemes[s].module == root) return LoadedScheme{std::move(c), s};
  }
  if (names.empty()) {
    std::cerr << fmt::format("bareme {}: `{}` is a module and imports no scheme: it has nothing to evaluate\n",
                             command, path);
  } else {
    std::string list;
    for (size_t i = 0; i < names.size() && i < 10; ++i) list += (i ? ", " : "") + names[i];
    if (names.size() > 10) list += fmt::format(" and {} more", names.size() - 10);
    // `score` and `simulate` also take every aid at once.
    const bool all = std::string_view(command) == "score" || std::string_view(command) == "simulate";
    std::cerr << fmt::format("bareme {}: `{}` is a module; name the scheme to evaluate with --scheme NAME ({}){}\n",
                             command, path, list, all ? fmt::format(", or {} every aid with --all", command) : "");
  }
  return std::nullopt;
}

std::string list_names(const std::vector<std::string>& names) {
  constexpr size_t kListed = 10;
  std::string out;
  for (size_t i = 0; i < names.size() && i < kListed; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kListed) out += fmt::format(" and {} more", names.size() - kListed);
  return out;
}

std::optional<interp::Application> read_application(const ir::Program& program, const ApplicationSource& source,
                                                    bool require_all, const char* command, bool strict) {
  inputs::Json document{inputs::Json::Kind::Object};
  if (!source.input_path.empty()) {
    std::string error;
    auto text = read_text(source.input_path, inputs::kMaxJsonBytes, error);
    if (!text) {
      std::cerr << fmt::format("bareme {}: {}\n", command, error);
      return std::nullopt;
    }
    auto parsed = inputs::parse_json(*text);
    if (auto* e = std::get_if<inputs::JsonError>(&parsed)) {
      const std::string where = e->line ? fmt::format("{}:{}:{}: ", source.input_path == "-" ? "<stdin>" : source.input_path, e->line, e->column) : "";
      std::cerr << fmt::format("bareme {}: {}{}\n", command, where, e->message);
      return std::nullopt;
    }
    document = std::get<inputs::Json>(std::move(parsed));
  }
  for (const auto& assignment : source.assignments) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << fmt::format("bareme {}: --set takes name=value, not `{}`\n", command, assignment);
      return std::nullopt;
    }
    if (document.kind != inputs::Json::Kind::Object) break;
    const std::string name = assignment.substr(0, eq);
    auto value = inputs::json_from_argument(assignment.substr(eq + 1));
    bool replaced = false;
    for (auto& [key, v] : document.members) {
      if (key == name) {
        v = value;
        replaced = true;
      }
    }
    if (!replaced) document.members.emplace_back(name, std::move(value));
  }
  auto read = inputs::read_application(program, document, require_all,
                                       strict ? inputs::UnknownMembers::Error : inputs::UnknownMembers::Ignore);
  if (!source.as_of.empty()) {
    auto date = runtime::parse_date(source.as_of);
    if (!date) {
      read.errors.push_back(inputs::InputError{"--as-of", fmt::format("\"{}\" is not a date: write YYYY-MM-DD", source.as_of)});
    } else {
      read.app.as_of = *date;
    }
  }
  // Said first: a misspelt name may be why an input is missing.
  if (!read.ignored.empty()) {
    std::vector<std::string> names;
    for (const auto& name : read.ignored) names.push_back(inputs::unknown_name(program, name));
    const bool one = names.size() == 1;
    std::cerr << fmt::format("bareme {}: warning: the application gives {} no input, ignored: {} (--strict refuses {})\n",
                             command, one ? "a name that is" : "names that are", list_names(names),
                             one ? "it" : "them");
  }
  if (!read.errors.empty()) {
    for (const auto& e : read.errors) std::cerr << fmt::format("bareme {}: bad input at {}: {}\n", command, e.path, e.message);
    std::cout << report::input_errors_json(read.errors);
    return std::nullopt;
  }
  return std::move(read.app);
}

}  // namespace bareme::tools
