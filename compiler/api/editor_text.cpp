// UTF-16 columns, lines and identifiers: the text helpers of the editor services.
#include <cstdint>
#include <set>

#include "editor_index.hpp"

namespace bareme::editor {

std::string_view line_of(const std::string& text, uint32_t line) {
  size_t start = 0;
  for (uint32_t l = 0; l < line; ++l) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return std::string_view(text).substr(start, end - start);
}

namespace {
// Bytes of the UTF-8 sequence that starts with `lead`.
size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}
}  // namespace

size_t byte_in_line(std::string_view line, uint32_t character) {
  size_t byte = 0;
  uint32_t units = 0;
  while (byte < line.size() && units < character) {
    const size_t n = sequence_length(static_cast<unsigned char>(line[byte]));
    units += n == 4 ? 2 : 1;
    byte += n;
  }
  return std::min(byte, line.size());
}

uint32_t utf16_length(std::string_view text) {
  uint32_t units = 0;
  for (size_t byte = 0; byte < text.size();) {
    const size_t n = sequence_length(static_cast<unsigned char>(text[byte]));
    units += n == 4 ? 2 : 1;
    byte += n;
  }
  return units;
}

bool is_identifier(const std::string& name) {
  static const std::set<std::string> reserved = {
      "scheme", "module", "import", "enum",   "record",    "input", "param", "let",
      "assume", "table",  "when",   "else",   "combine",   "level", "at",    "test",
      "true",   "false",  "for",    "in",     "where",     "match", "if",    "then",
      "not",    "and",    "or",     "capped", "applicable"};
  if (name.empty() || reserved.count(name)) return false;
  const auto first = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(first) || first == '_' || first >= 0x80)) return false;
  for (unsigned char ch : name) {
    if (!(std::isalnum(ch) || ch == '_' || ch >= 0x80)) return false;
  }
  return true;
}

std::string symbol_key(const Symbol& s) {
  return s.location.path + "#" + std::to_string(s.location.range.start.line) + ":" +
         std::to_string(s.location.range.start.character);
}

const char* kind_name(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::Scheme:
      return "scheme";
    case SymbolKind::Module:
      return "module";
    case SymbolKind::Input:
      return "input";
    case SymbolKind::Param:
      return "param";
    case SymbolKind::Let:
      return "let";
    case SymbolKind::Function:
      return "function";
    case SymbolKind::Table:
      return "table";
    case SymbolKind::Enum:
      return "enum";
    case SymbolKind::EnumCase:
      return "enum case";
    case SymbolKind::Record:
      return "record";
    case SymbolKind::Field:
      return "field";
    case SymbolKind::Unit:
      return "unit";
    case SymbolKind::Combine:
      return "combine";
    case SymbolKind::Aid:
      return "aid";
    case SymbolKind::Level:
      return "level";
    case SymbolKind::Property:
      return "property";
  }
  return "name";
}

}  // namespace bareme::editor
