// Formatting for editors: a document laid out by `bareme fmt`, as the few edits that change it.
#include <algorithm>

#include "diag/diagnostic.hpp"
#include "editor_index.hpp"
#include "format/format.hpp"
#include "source/source_file.hpp"

namespace bareme::editor {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (;;) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, nl + 1 - start));
    start = nl + 1;
  }
}

}  // namespace

std::optional<std::vector<TextEdit>> Workspace::format(const std::string& path,
                                                       std::string& error) const {
  const auto original = text(path);
  if (!original) {
    error = "the document is not open";
    return std::nullopt;
  }
  source::SourceManager sources;
  diag::Sink sink;
  const source::FileId file = sources.add(path, *original);
  const auto formatted = ::bareme::format::format_file(sources, file, sink);
  if (!formatted) {
    error = sink.diagnostics().empty()
                ? "the document cannot be formatted"
                : "the document does not parse: " + sink.diagnostics().front().message;
    return std::nullopt;
  }
  // One edit replacing the lines between the common first and last lines, so the cursor and
  // the folds of the lines around stay where they are.
  const auto before = split_lines(*original), after = split_lines(*formatted);
  size_t head = 0;
  while (head < before.size() && head < after.size() && before[head] == after[head]) ++head;
  if (head == before.size() && head == after.size()) return std::vector<TextEdit>{};
  size_t tail = 0;
  while (tail < before.size() - head && tail < after.size() - head &&
         before[before.size() - 1 - tail] == after[after.size() - 1 - tail])
    ++tail;
  TextEdit edit;
  edit.range.start = {static_cast<uint32_t>(head), 0};
  const size_t end_line = before.size() - tail;  // first line kept after the edit
  if (end_line < before.size()) {
    edit.range.end = {static_cast<uint32_t>(end_line), 0};
  } else {  // through the end of the text (its last line has no newline)
    edit.range.end = {static_cast<uint32_t>(before.size() - 1), utf16_length(before.back())};
  }
  for (size_t l = head; l < after.size() - tail; ++l) edit.new_text += after[l];
  return std::vector<TextEdit>{std::move(edit)};
}

}  // namespace bareme::editor
