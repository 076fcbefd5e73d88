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

// The bytes of `line` before the 1-based character column `column`.
size_t byte_index(std::string_view line, uint32_t column) {
  size_t i = 0;
  uint32_t col = 1;
  while (i < line.size() && col < column) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    ++col;
  }
  return i;
}

std::string location_prefix(const source::SourceManager& sources, source::Span span) {
  if (!span.valid()) return "bareme";
  const auto& file = sources.file(span.file);
  const auto loc = file.locate(span.begin);
  return fmt::format("{}:{}:{}", file.path(), loc.line, loc.column);
}

void render_snippet(std::string& out, const source::SourceManager& sources, source::Span span,
                    const Palette& p) {
  if (!span.valid()) return;
  const auto& file = sources.file(span.file);
  const auto start = file.locate(span.begin);
  const std::string_view line = file.line_text(start.line);
  const std::string gutter = std::to_string(start.line);
  const std::string pad(gutter.size(), ' ');
  out += fmt::format("{}{} |{} {}\n", p.blue, gutter, p.reset, line);
  // The underline keeps the line's tabs so that it lines up under the text.
  std::string lead;
  const size_t lead_bytes = byte_index(line, start.column);
  for (size_t i = 0; i < lead_bytes; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    lead += line[i] == '\t' ? '\t' : ' ';
  }
  const uint32_t line_end_cp =
      start.line < file.line_count() ? file.line_start(start.line + 1) - 1 : span.end;
  const uint32_t end = std::min(std::max(span.end, span.begin + 1), std::max(line_end_cp, span.begin + 1));
  const std::string marks = std::string(1, '^') + std::string(end - span.begin - 1, '~');
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
