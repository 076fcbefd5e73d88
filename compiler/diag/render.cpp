// Text and JSON rendering of diagnostics.
#include "diag/render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace bareme::diag {
namespace {

struct Palette {
  const char* bold = "";
  const char* red = "";
  const char* yellow = "";
  const char* blue = "";
  const char* green = "";
  const char* reset = "";
};

Palette palette(bool color) {
  if (!color) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;34m", "\x1b[1;32m", "\x1b[0m"};
}

std::string location_prefix(const source::SourceManager& sources, source::Span span) {
  if (!span.valid()) return "bareme";
  const auto& file = sources.file(span.file);
  const auto loc = file.locate(span.begin);
  return fmt::format("{}:{}:{}", file.path(), loc.line, loc.column);
}

// Code points of a UTF-8 line, each as its own string.
std::vector<std::string_view> characters(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    size_t j = i + 1;
    while (j < line.size() && (static_cast<unsigned char>(line[j]) & 0xC0) == 0x80) ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

constexpr size_t kMaxShown = 100;  // characters of a long line shown around the span

void render_snippet(std::string& out, const source::SourceManager& sources, source::Span span,
                    const Palette& p) {
  if (!span.valid()) return;
  const auto& file = sources.file(span.file);
  const auto start = file.locate(span.begin);
  const std::string_view line = file.line_text(start.line);
  // A binary file or an empty line has nothing worth showing.
  if (line.empty() || !source::is_text(line)) return;
  const auto chars = characters(line);
  // The caret starts at `first` (at most one past the line's end) and covers `width`
  // characters, at least one: any span, even one past the line or across lines, fits.
  const size_t first = std::min<size_t>(start.column > 0 ? start.column - 1 : 0, chars.size());
  size_t width = span.end > span.begin ? span.end - span.begin : 1;
  // Long lines are cut to a window around the span.
  size_t from = 0, to = chars.size();
  if (chars.size() > kMaxShown) {
    from = first > kMaxShown / 3 ? first - kMaxShown / 3 : 0;
    to = std::min(chars.size(), from + kMaxShown);
  }
  width = std::clamp<size_t>(width, 1, std::max<size_t>(1, to - first));
  std::string shown = from > 0 ? "…" : "";
  std::string lead = from > 0 ? " " : "";
  for (size_t i = from; i < to; ++i) {
    shown += chars[i];
    if (i < first) lead += chars[i] == "\t" ? '\t' : ' ';
  }
  if (to < chars.size()) shown += "…";
  const std::string gutter = std::to_string(start.line);
  const std::string pad(gutter.size(), ' ');
  out += fmt::format("{}{} |{} {}\n", p.blue, gutter, p.reset, shown);
  const std::string marks = std::string(1, '^') + std::string(width - 1, '~');
  out += fmt::format("{}{} |{} {}{}{}{}\n", p.blue, pad, p.reset, lead, p.red, marks, p.reset);
}

}  // namespace

std::string render_text(const Diagnostic& d, const source::SourceManager& sources,
                        const RenderOptions& options) {
  const Palette p = palette(options.color);
  std::string out;
  const bool error = d.severity == Severity::Error;
  out += fmt::format("{}{}: {}{}[{}]:{} {}{}{}\n", p.bold, location_prefix(sources, d.span),
                     error ? p.red : p.yellow, error ? "error" : "warning", id_name(d.id), p.reset,
                     p.bold, d.message, p.reset);
  render_snippet(out, sources, d.span, p);
  for (const auto& n : d.notes) {
    if (n.kind == Note::Kind::Hint) {
      out += fmt::format("  {}= hint:{} {}\n", p.green, p.reset, n.message);
    } else if (n.span.valid()) {
      out += fmt::format("  {}= note:{} {} ({})\n", p.blue, p.reset, n.message,
                         location_prefix(sources, n.span));
    } else {
      out += fmt::format("  {}= note:{} {}\n", p.blue, p.reset, n.message);
    }
  }
  return out;
}

std::string render_text(const std::vector<Diagnostic>& ds, const source::SourceManager& sources,
                        const RenderOptions& options) {
  std::string out;
  for (const auto& d : ds) out += render_text(d, sources, options);
  return out;
}

std::string render_json(const std::vector<DiagnosticSet>& sets) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& set : sets) {
  const auto& sources = set.sources;
  auto place = [&](nlohmann::json& j, source::Span span) {
    if (!span.valid()) return;
    const auto& file = sources.file(span.file);
    const auto begin = file.locate(span.begin);
    const auto end = file.locate(span.end);
    j["file"] = file.path();
    j["line"] = begin.line;
    j["column"] = begin.column;
    j["end_line"] = end.line;
    j["end_column"] = end.column;
  };
  for (const auto& d : set.diagnostics) {
    nlohmann::json j;
    j["id"] = std::string(id_name(d.id));
    j["severity"] = d.severity == Severity::Error ? "error" : "warning";
    j["message"] = d.message;
    place(j, d.span);
    j["notes"] = nlohmann::json::array();
    for (const auto& n : d.notes) {
      nlohmann::json jn;
      jn["kind"] = n.kind == Note::Kind::Hint ? "hint" : "note";
      jn["message"] = n.message;
      place(jn, n.span);
      j["notes"].push_back(jn);
    }
    all.push_back(j);
  }
  }
  return all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace bareme::diag
