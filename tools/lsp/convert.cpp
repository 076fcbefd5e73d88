// Conversions between LSP JSON and the editor services' values.
#include "convert.hpp"

#include <cctype>

namespace bareme::lsp {

std::string path_of_uri(const std::string& uri) {
  static const std::string scheme = "file://";
  if (uri.compare(0, scheme.size(), scheme) != 0) return uri;
  std::string path;
  for (size_t i = scheme.size(); i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
      path.push_back(static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      path.push_back(uri[i]);
    }
  }
  if (path.empty() || path[0] != '/') return uri;  // `file://host/...`: not ours
  return editor::canonical_path(path);
}

std::string uri_of_path(const std::string& path) {
  if (path.empty() || path[0] != '/') return path;
  static const char* hex = "0123456789ABCDEF";
  std::string uri = "file://";
  for (unsigned char ch : path) {
    if (std::isalnum(ch) || ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      uri.push_back(static_cast<char>(ch));
    } else {
      uri.push_back('%');
      uri.push_back(hex[ch >> 4]);
      uri.push_back(hex[ch & 15]);
    }
  }
  return uri;
}

json to_json(const editor::Position& p) {
  return {{"line", p.line}, {"character", p.character}};
}
json to_json(const editor::Range& r) {
  return {{"start", to_json(r.start)}, {"end", to_json(r.end)}};
}
json to_json(const editor::Location& l) {
  return {{"uri", uri_of_path(l.path)}, {"range", to_json(l.range)}};
}

json to_json(const editor::Diagnostic& d, const std::string& path) {
  json related = json::array();
  for (const auto& r : d.related)
    related.push_back({{"location", to_json(r.location)}, {"message", r.message}});
  for (const auto& h : d.hints)
    related.push_back(
        {{"location", to_json(editor::Location{path, d.range})}, {"message", "hint: " + h}});
  json out = {
      {"range", to_json(d.range)}, {"severity", d.error ? 1 : 2}, {"code", d.id},
      {"source", "bareme"},        {"message", d.message},        {"relatedInformation", related}};
  if (d.replacement) out["data"] = {{"replacement", *d.replacement}};
  return out;
}

namespace {
uint32_t u32(const json& v, const char* what) {
  if (v.is_number_unsigned() && v.get<uint64_t>() <= UINT32_MAX)
    return static_cast<uint32_t>(v.get<uint64_t>());
  if (v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() <= UINT32_MAX)
    return static_cast<uint32_t>(v.get<int64_t>());
  throw BadParams(std::string("`") + what + "` must be an integer from 0 to 4294967295");
}
}  // namespace

editor::Position position_of(const json& p) {
  if (!p.is_object()) throw BadParams("a position is an object");
  return {u32(p.at("line"), "line"), u32(p.at("character"), "character")};
}
editor::Range range_of(const json& r) {
  return {position_of(r.at("start")), position_of(r.at("end"))};
}

int symbol_kind(editor::SymbolKind kind) {
  using K = editor::SymbolKind;
  switch (kind) {
    case K::Scheme:
      return 2;  // Module
    case K::Module:
      return 3;  // Namespace
    case K::Input:
      return 13;  // Variable
    case K::Param:
      return 14;  // Constant
    case K::Let:
      return 13;  // Variable
    case K::Function:
      return 12;  // Function
    case K::Table:
      return 12;  // Function
    case K::Enum:
      return 10;  // Enum
    case K::EnumCase:
      return 22;  // EnumMember
    case K::Record:
      return 23;  // Struct
    case K::Field:
      return 8;  // Field
    case K::Unit:
      return 20;  // Key
    case K::Combine:
      return 19;  // Object
    case K::Aid:
      return 7;  // Property
    case K::Level:
      return 4;  // Package
    case K::Property:
      return 24;  // Event: a claim, not a value
  }
  return 13;
}

int completion_kind(editor::SymbolKind kind) {
  using K = editor::SymbolKind;
  switch (kind) {
    case K::Scheme:
    case K::Module:
      return 9;  // Module
    case K::Input:
      return 6;  // Variable
    case K::Param:
      return 21;  // Constant
    case K::Let:
      return 6;  // Variable
    case K::Function:
    case K::Table:
      return 3;  // Function
    case K::Enum:
      return 13;  // Enum
    case K::EnumCase:
      return 20;  // EnumMember
    case K::Record:
      return 22;  // Struct
    case K::Field:
      return 5;  // Field
    case K::Unit:
      return 11;  // Unit
    case K::Combine:
    case K::Aid:
    case K::Level:
      return 12;  // Value
    case K::Property:
      return 23;  // Event
  }
  return 6;
}

}  // namespace bareme::lsp
