// Picking one scheme of a program by name, the same way for every command.
#include "scheme_choice.hpp"

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

}  // namespace bareme::tools
