// Barème's C++ API: load and check a scheme, fill a batch of applications, evaluate it with the
// interpreter or the JIT (chosen at run time) on all cores. Errors are values, never exceptions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace bareme {

// A diagnostic of the scheme or an error in an application: where, and what.
struct Problem {
  std::string where;    // "file:line:col" or a JSON path such as "$.filed_on"
  std::string message;  // "error[UnknownName]: nothing is named `x`"
};

enum class Engine { Interpreter, Jit };

// The result of one application. When `error` is set, the other fields are not meaningful.
struct Result {
  std::string error;  // a runtime error code such as "DivisionByZero", or empty
  bool eligible = false;
  int64_t amount_cents = 0;
  std::vector<std::string> failed_conditions;                   // in source order
  std::vector<std::pair<std::string, int64_t>> aids_after_caps;  // "combine.aid" → cents
};

class Batch;

class Scheme {
 public:
  // Loads, parses and checks a scheme file with its imports.
  static std::variant<Scheme, std::vector<Problem>> load(const std::string& path);
  Scheme(Scheme&&) noexcept;
  Scheme& operator=(Scheme&&) noexcept;
  ~Scheme();

  const std::string& name() const;
  std::vector<std::string> inputs() const;
  Batch batch() const;

 private:
  friend class Batch;
  struct Impl;
  explicit Scheme(std::unique_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// Applications in columnar form, ready for either engine.
class Batch {
 public:
  // Adds one application: input name → value written as in JSON or on the command line
  // ("2 700 €", "occitanie", "2024-01-31", "3"). Returns the problems; nothing is added then.
  std::vector<Problem> add(const std::map<std::string, std::string>& application);
  size_t size() const;
  // Evaluates every application on `threads` threads (0: all cores). When the JIT cannot
  // compile the scheme, Engine::Jit evaluates with the interpreter (same results, slower) and
  // jit_fallback() says why; the string alternative is kept for compatibility and not returned.
  std::variant<std::vector<Result>, std::string> evaluate(Engine engine, unsigned threads = 0);
  // Why the last evaluate(Engine::Jit) ran through the interpreter ("the JIT cannot compile
  // `filter`"); empty when it ran through the JIT.
  const std::string& jit_fallback() const;

  Batch(Batch&&) noexcept;
  ~Batch();

 private:
  friend class Scheme;
  struct Impl;
  explicit Batch(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bareme
