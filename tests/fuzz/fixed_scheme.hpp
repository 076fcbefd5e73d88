// The bundled scheme a reader target reads applications against, compiled once per process.
#pragma once

#include <string>
#include <vector>

#include "driver/compile.hpp"

namespace bareme::fuzz {

// The folders imports are searched in: the source tree's stdlib/.
std::vector<std::string> library_paths();

// A compiled scheme of the source tree; `program` is set and `scheme` is its root file's scheme.
struct FixedScheme {
  std::unique_ptr<driver::Compilation> compilation;
  ir::Index scheme = 0;
  const ir::Program& program() const { return *compilation->program; }
};

// Compiles `relative_path` (under the source tree) on the first call; aborts when it does not
// compile, since every input would then be rejected for nothing.
const FixedScheme& fixed_scheme(const std::string& relative_path);

}  // namespace bareme::fuzz
