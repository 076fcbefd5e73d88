// Reading the files that inputs declared `one of "FILE"` name: the values they accept.
#include <fmt/format.h>

#include <string_view>
#include <variant>

#include "driver/imports.hpp"

namespace bareme::driver {
namespace {

// The values of a file's text: the part of each line before a tab, without a trailing `\r` or
// trailing spaces; blank lines and lines starting with `#` skipped; a UTF-8 byte order mark
// skipped.
std::vector<std::string> values_of(std::string_view text) {
  std::vector<std::string> out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = line.substr(0, line.find('\t'));
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    out.emplace_back(line);
  }
  return out;
}

}  // namespace

void load_values(const std::string& path, ast::File& file, const Options& options, diag::Sink& sink) {
  for (auto& decl : file.decls) {
    auto* input = std::get_if<ast::InputDecl>(&decl);
    if (input == nullptr || input->values_path.empty()) continue;
    std::vector<std::string> tried;
    const auto found = resolve_import(path, input->values_path, options, tried);
    std::string error = "not found next to the scheme file, in its parent folders or the library paths";
    if (found) {
      auto text = read_file(*found, error);
      if (text) {
        input->values = values_of(*text);
        if (input->values.empty()) error = "it lists no value";
      }
    }
    if (!input->values.empty()) continue;
    sink.report(diag::Id::ValuesUnreadable, input->values_span,
                fmt::format("cannot read the values of `{}` from `{}`: {}", input->name.text,
                            found ? display_path(*found) : input->values_path, error))
        .hint("`one of` names a file as `import` does: next to the scheme file or in a folder "
              "above it, with one value per line");
  }
}

}  // namespace bareme::driver
