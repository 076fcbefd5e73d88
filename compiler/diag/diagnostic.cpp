// The diagnostic registry and the sink that collects diagnostics.
#include "diag/diagnostic.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "diag/clip.hpp"

namespace bareme::diag {
namespace {

struct Entry {
  Id id;
  std::string_view name;
  Severity severity;
  std::string_view summary;
};

constexpr Entry kRegistry[] = {
#define DIAG(id, severity, summary) {Id::id, #id, Severity::severity, summary},
#include "diag/ids.def"
#undef DIAG
};

}  // namespace

std::string_view id_name(Id id) { return kRegistry[static_cast<size_t>(id)].name; }
Severity default_severity(Id id) { return kRegistry[static_cast<size_t>(id)].severity; }
std::string_view id_summary(Id id) { return kRegistry[static_cast<size_t>(id)].summary; }

const std::vector<Id>& all_ids() {
  static const std::vector<Id> ids = [] {
    std::vector<Id> out;
    for (const auto& e : kRegistry) out.push_back(e.id);
    return out;
  }();
  return ids;
}

Diagnostic& Diagnostic::note(std::string text, source::Span where) {
  notes.push_back(Note{Note::Kind::Note, clip_quoted(std::move(text)), where});
  return *this;
}

Diagnostic& Diagnostic::hint(std::string text) {
  notes.push_back(Note{Note::Kind::Hint, clip_quoted(std::move(text)), {}});
  return *this;
}

Diagnostic& Sink::report(Id id, source::Span span, std::string raw_message) {
  // Names and texts quoted from the source are clipped: a diagnostic stays a few lines long.
  std::string message = clip_quoted(std::move(raw_message));
  // A report equal to an earlier one is dropped; a hashed key keeps this linear in the number
  // of reports (a file of 100 000 broken lines reports 100 000 errors).
  std::string key = fmt::format("{}:{}:{}:{}:", static_cast<int>(id), span.file, span.begin, span.end);
  key += message;
  if (!reported_.insert(std::move(key)).second) {
    scratch_ = Diagnostic{};
    return scratch_;
  }
  const Severity severity = default_severity(id);
  if (severity == Severity::Error) ++errors_;
  diagnostics_.push_back(Diagnostic{id, severity, span, std::move(message), {}});
  return diagnostics_.back();
}

size_t Sink::error_count() const { return errors_; }

void Sink::sort() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const auto& a, const auto& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

}  // namespace bareme::diag
