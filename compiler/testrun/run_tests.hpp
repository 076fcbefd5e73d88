// Runs the `test` blocks of a checked program through the interpreter.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "interp/coverage.hpp"
#include "ir/ir.hpp"
#include "source/source_file.hpp"

namespace bareme::testrun {

struct TestFailure {
  std::string test;
  source::Span span;     // the test block
  std::string message;   // expected and actual
  std::string trace;     // how the differing value was reached
};

struct TestReport {
  size_t passed = 0, failed = 0;
  std::map<ir::Index, std::pair<size_t, size_t>> by_module;  // module → (passed, failed)
  std::vector<TestFailure> failures;
  // One line per scheme whose tests ran through the interpreter only because the JIT refused
  // it: the construct it lacks and where.
  std::vector<std::string> notes;
};

// Runs the tests declared in `module`, or in every file of the program when none is named. With `jit_parity`, the
// application of each test of a scheme is also evaluated by the JIT, and any difference from
// the interpreter (eligibility, amount, failed conditions, aids, error code) fails the test; a
// scheme the JIT refuses is tested through the interpreter only, with a note. With `coverage`,
// every evaluation through the interpreter records its coverage there: the test's values and
// expectations, and for a test of a scheme the whole scheme evaluated for the test's application.
TestReport run_tests(const ir::Program& program, const source::SourceManager& sources,
                     std::optional<ir::Index> module, bool jit_parity = true,
                     interp::CoverageHits* coverage = nullptr);

}  // namespace bareme::testrun
