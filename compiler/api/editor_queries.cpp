// Hover text, renames and quick fixes of the editor workspace.
#include <chrono>
#include <set>

#include "editor_state.hpp"

namespace bareme::editor {
namespace {

std::string today_or(const std::string& as_of) {
  if (!as_of.empty()) return as_of;
  const auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::string markdown(const Symbol& s, const std::string& date) {
  std::string out = "**" + std::string(kind_name(s.kind)) + "** `";
  if (!s.ns.empty()) out += s.ns + ".";
  if (!s.container.empty()) out += s.container + ".";
  out += s.name + "`";
  if (!s.type.empty()) out += " : `" + s.type + "`";
  out += "\n";
  if (!s.doc.empty()) out += "\n" + s.doc + "\n";
  if (!s.citation.empty()) out += "\n§ \"" + s.citation + "\"\n";
  if (s.kind == SymbolKind::Param) {
    out += "\nValue at " + date + ": " +
           (s.value_at_date ? "`" + *s.value_at_date + "`" : "none (no period covers it)") + "\n";
    if (!s.periods.empty()) out += "\nPeriods:\n";
    for (const auto& p : s.periods) {
      out += "- ";
      if (p.from.empty() && p.until.empty()) out += "always";
      if (!p.from.empty()) out += "from " + p.from;
      if (!p.until.empty()) out += std::string(p.from.empty() ? "" : " ") + "until " + p.until;
      out += ": `" + p.value + "`";
      if (!p.citation.empty()) out += " § \"" + p.citation + "\"";
      out += "\n";
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> Workspace::hover(const std::string& path, Position at) const {
  const std::string key = state_->key_at(path, at);
  if (key.empty()) return std::nullopt;
  const Symbol* s = state_->symbol(key, path);
  if (!s) return std::nullopt;
  return markdown(*s, today_or(state_->options.as_of));
}

std::optional<Range> Workspace::prepare_rename(const std::string& path, Position at) const {
  Range range;
  const std::string key = state_->key_at(path, at, &range);
  const Symbol* s = key.empty() ? nullptr : state_->symbol(key, path);
  if (!s) return std::nullopt;
  return range;
}

std::map<std::string, std::vector<TextEdit>> Workspace::rename(const std::string& path, Position at,
                                                               const std::string& new_name,
                                                               std::string& error) const {
  std::map<std::string, std::vector<TextEdit>> edits;
  if (!is_identifier(new_name)) {
    error =
        "`" + new_name +
        "` is not a name: a letter or `_`, then letters, digits or `_`, and not a reserved word";
    return edits;
  }
  const std::string key = state_->key_at(path, at);
  const Symbol* s = key.empty() ? nullptr : state_->symbol(key, path);
  if (!s) {
    error = "no definition here to rename";
    return edits;
  }
  edits[s->location.path].push_back({s->location.range, new_name});
  for (const auto& use : state_->uses(key)) {
    // A namespace used by its `as` name keeps that name: only uses spelt as the definition change.
    if (const FileIndex* f = state_->file(use.path);
        f && use.range.start.line == use.range.end.line) {
      const std::string_view line = line_of(f->text, use.range.start.line);
      const size_t begin = byte_in_line(line, use.range.start.character);
      const size_t end = byte_in_line(line, use.range.end.character);
      if (line.substr(begin, end - begin) != s->name) continue;
    }
    edits[use.path].push_back({use.range, new_name});
  }
  return edits;
}

std::vector<CodeAction> Workspace::code_actions(const std::string& path, Range range) const {
  std::vector<CodeAction> out;
  for (const auto& d : diagnostics(path)) {
    if (!d.replacement) continue;
    if (d.range.end < range.start || range.end < d.range.start) continue;
    CodeAction action;
    action.title = "Replace with `" + *d.replacement + "`";
    action.diagnostic_id = d.id;
    action.diagnostic_range = d.range;
    action.edits[path].push_back({d.range, *d.replacement});
    out.push_back(std::move(action));
  }
  return out;
}

}  // namespace bareme::editor
