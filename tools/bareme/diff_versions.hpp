// The two versions `bareme diff` compares: loaded (a scheme, or a catalogue's aids and levels),
// a reform applied, and what is compared made outputs so that the JIT computes it too.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "driver/compile.hpp"
#include "interp/interp.hpp"
#include "runtime/values.hpp"

namespace bareme::tools {

struct DiffVersion {
  std::string file;
  std::unique_ptr<driver::Compilation> compilation;
  ir::Program* program = nullptr;  // the compilation's, or another's (the REPL's)
  std::optional<ir::Index> root;   // the file's scheme; none for a catalogue module
  // The scheme whose outputs hold what is compared: the root (or the first scheme) until
  // diff_targets adds one holding only them.
  ir::Index host = 0;
  std::optional<runtime::Days> as_of;
  const source::SourceManager* sources = nullptr;  // where an unknown's construct is shown
};

// One thing compared: a scheme, an aid of the catalogue or a level, by name in both versions;
// outputs `old_output` / `new_output` of each host hold its eligibility, the next its amount.
struct DiffTarget {
  std::string kind, name;
  size_t old_output = 0, new_output = 0;
};

// The version in `file` (its scheme, `scheme` when named, or a module's aids), or nothing after
// printing why.
std::optional<DiffVersion> load_version(const std::string& file,
                                        const std::vector<std::string>& library_paths,
                                        const std::string& scheme);
// The version around a program compiled elsewhere (the REPL's), scheme `root`.
DiffVersion version_of(ir::Program& program, std::optional<ir::Index> root);

// `--set NAME=VALUE`: each parameter's periods replaced by one value at every date; false after
// printing why (a name that is no parameter, a value of the wrong type).
bool apply_sets(ir::Program& program, const std::vector<std::string>& sets);
// The overrides of a REPL session (by parameter index) applied the same way.
void apply_overrides(ir::Program& program,
                     const std::vector<std::optional<runtime::Value>>& values);

// What is compared: the root schemes, then (when either version has levels) every aid and level
// both versions declare; `one_side` receives those only one declares.
// With `only`, just those named (each output costs the JIT); `names` receives every name both
// versions declare.
std::vector<DiffTarget> diff_targets(DiffVersion& old_version, DiffVersion& new_version,
                                     std::vector<std::string>& one_side,
                                     const std::vector<std::string>& only,
                                     std::vector<std::string>& names);

// The aids and levels a level holds, directly or through the levels it holds, in either version
// (by name; empty when neither declares a level `level`).
std::set<std::string> level_members(const DiffVersion& old_version, const DiffVersion& new_version,
                                    const std::string& level);

}  // namespace bareme::tools
