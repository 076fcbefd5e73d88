// `bareme prove --write-test`: a confirmed counterexample appended to its scheme's file as a
// `test` block that fails until the scheme is fixed (docs/proofs.md).
#pragma once

#include <optional>
#include <string>

#include "interp/interp.hpp"
#include "ir/ir.hpp"
#include "source/source_file.hpp"

namespace bareme::tools {

struct CounterexampleTest {
  std::string name;    // the property's or rule's
  std::string expect;  // the property's expression as written, or the rule's name
  const interp::Application* app = nullptr;  // the counterexample, as the engines read it
  std::optional<runtime::Days> as_of;        // `--as-of`, when given
};

// The `test` block of `t`: `given` each input the counterexample sets, `as of`, `expect`.
std::string counterexample_test_block(const ir::Program& program, const CounterexampleTest& t);

// Appends the block to the file that declares `scheme`. Returns that file's path, or prints why
// it could not and returns nothing.
std::optional<std::string> append_counterexample_test(const ir::Program& program,
                                                      const source::SourceManager& sources,
                                                      ir::Index scheme,
                                                      const CounterexampleTest& t);

}  // namespace bareme::tools
