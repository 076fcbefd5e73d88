// JSON read without binary floating point: numbers keep their text, to be parsed exactly.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace bareme::inputs {

struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool boolean = false;
  std::string text;  // Number: as written; String: the decoded text
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;  // in document order

  // Declared, not implicit: clang 14 (the fuzz build) cannot otherwise decide whether a Json is
  // default-constructible while std::pair<std::string, Json> is being instantiated.
  Json() noexcept;
  Json(Kind k) noexcept : kind(k) {}  // NOLINT(google-explicit-constructor): `Json{Kind::Bool}`

  const Json* find(const std::string& key) const;
  std::string_view kind_name() const;
};

struct JsonError {
  std::string message;
  size_t line = 0, column = 0;  // 1-based; 0 when unknown
};

inline constexpr size_t kMaxJsonDepth = 64;
inline constexpr size_t kMaxJsonBytes = 16u << 20;

// Parses one JSON document; errors say where, in words.
std::variant<Json, JsonError> parse_json(std::string_view text);

}  // namespace bareme::inputs
