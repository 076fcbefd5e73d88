// Picking one scheme of a program by name, the same way for every command.
#include "scheme_choice.hpp"

#include <fmt/format.h>

#include <iostream>

#include "diag/suggest.hpp"

namespace bareme::tools {

std::vector<std::string> scheme_names(const ir::Program& program) {
  std::vector<std::string> names;
  names.reserve(program.schemes.size());
  for (const auto& s : program.schemes) names.push_back(s.name);
  return names;
}

std::optional<ir::Index> find_scheme(const ir::Program& program, const std::string& name) {
  for (ir::Index s = 0; s < program.schemes.size(); ++s) {
    if (program.schemes[s].name == name) return s;
  }
  return std::nullopt;
}

std::optional<ir::Index> scheme_option(const ir::Program& program, const std::string& name,
                                       const char* command, const std::string& where) {
  if (auto found = find_scheme(program, name)) return found;
  std::string message = fmt::format("bareme {}: --scheme {}: no such scheme in `{}`", command, name, where);
  if (auto best = diag::closest(name, scheme_names(program))) message += fmt::format("; did you mean \"{}\"?", *best);
  std::cerr << message << '\n';
  return std::nullopt;
}

}  // namespace bareme::tools
