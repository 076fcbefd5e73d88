// Diagnostics as values: an id from the registry, a severity, a span, a message and notes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "source/source_file.hpp"

namespace bareme::diag {

enum class Severity : uint8_t { Error, Warning };

enum class Id : uint16_t {
#define DIAG(id, severity, summary) id,
#include "diag/ids.def"
#undef DIAG
};

std::string_view id_name(Id id);
Severity default_severity(Id id);
std::string_view id_summary(Id id);
// Every registered id, in registry order.
const std::vector<Id>& all_ids();

// A secondary remark: `note` points at another place, `hint` suggests a fix.
struct Note {
  enum class Kind : uint8_t { Note, Hint } kind = Kind::Note;
  std::string message;
  source::Span span;  // may be invalid: then the note has no location
};

struct Diagnostic {
  Id id{};
  Severity severity = Severity::Error;
  source::Span span;
  std::string message;
  std::vector<Note> notes;

  Diagnostic& note(std::string message, source::Span span = {});
  Diagnostic& hint(std::string message);
};

// Collects diagnostics for a compilation; identical reports (same id, span, message) are kept once.
// Quoted texts longer than `kMaxQuoted` characters in messages and notes are clipped (clip.hpp).
class Sink {
 public:
  Diagnostic& report(Id id, source::Span span, std::string message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const;
  bool has_errors() const { return error_count() > 0; }
  // Sorts by file, then position, keeping the report order among equals.
  void sort();

 private:
  std::vector<Diagnostic> diagnostics_;
  std::unordered_set<std::string> reported_;  // id, span and message of each diagnostic
  size_t errors_ = 0;
  Diagnostic scratch_;  // receives notes added to a duplicate report
};

}  // namespace bareme::diag
