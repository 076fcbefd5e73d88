// A SAX handler over nlohmann's iterative parser that builds our JSON tree, keeping number text
// and refusing documents nested deeper than kMaxJsonDepth.
#include "inputs/json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "source/source_file.hpp"

namespace bareme::inputs {

Json::Json() noexcept = default;

namespace {

class Builder {
 public:
  using number_integer_t = nlohmann::json::number_integer_t;
  using number_unsigned_t = nlohmann::json::number_unsigned_t;
  using number_float_t = nlohmann::json::number_float_t;
  using string_t = std::string;
  using binary_t = nlohmann::json::binary_t;

  bool null() { return put(Json{}); }
  bool boolean(bool b) {
    Json j{Json::Kind::Bool};
    j.boolean = b;
    return put(std::move(j));
  }
  bool number_integer(number_integer_t v) { return number(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) { return number(std::to_string(v)); }
  // The parser also computes a double; only the text it was read from is kept.
  bool number_float(number_float_t, const string_t& text) { return number(text); }
  bool string(string_t& s) {
    Json j{Json::Kind::String};
    j.text = std::move(s);
    return put(std::move(j));
  }
  bool binary(binary_t&) { return false; }
  bool start_object(size_t) { return open(Json::Kind::Object); }
  bool key(string_t& k) {
    keys_.back() = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(size_t) { return open(Json::Kind::Array); }
  bool end_array() { return close(); }
  bool parse_error(size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_position_ = position;
    error_ = e.what();
    return false;
  }

  Json root;
  std::string error_;
  size_t error_position_ = 0;
  bool too_deep_ = false;

 private:
  bool number(std::string text) {
    Json j{Json::Kind::Number};
    j.text = std::move(text);
    return put(std::move(j));
  }
  bool open(Json::Kind kind) {
    if (stack_.size() >= kMaxJsonDepth) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(Json{kind});
    keys_.emplace_back();
    return true;
  }
  bool close() {
    Json done = std::move(stack_.back());
    stack_.pop_back();
    keys_.pop_back();
    return put(std::move(done));
  }
  bool put(Json value) {
    if (stack_.empty()) {
      root = std::move(value);
    } else if (stack_.back().kind == Json::Kind::Array) {
      stack_.back().items.push_back(std::move(value));
    } else {
      stack_.back().members.emplace_back(std::move(keys_.back()), std::move(value));
    }
    return true;
  }
  std::vector<Json> stack_;
  std::vector<std::string> keys_;
};

}  // namespace

const Json* Json::find(const std::string& key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string_view Json::kind_name() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "a boolean";
    case Kind::Number: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
  }
  return "?";
}

std::variant<Json, JsonError> parse_json(std::string_view text) {
  if (text.size() > kMaxJsonBytes) {
    return JsonError{fmt::format("the JSON document is larger than 16 MB ({} bytes); an application is at most 16 MB", text.size())};
  }
  Builder builder;
  const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder,
                                            nlohmann::json::input_format_t::json, true);
  if (ok) return std::move(builder.root);
  if (builder.too_deep_) return JsonError{fmt::format("the JSON is nested more than {} levels deep", kMaxJsonDepth)};
  // nlohmann counts positions in bytes from 1; report the line and column of the byte.
  size_t line = 1, column = 1;
  const size_t end = std::min(builder.error_position_ > 0 ? builder.error_position_ - 1 : 0, text.size());
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  std::string reason = builder.error_;
  // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing
  // value - unexpected end of input; expected ..." keeps only what follows the last " - ".
  if (auto dash = reason.rfind(" - "); dash != std::string::npos) reason = reason.substr(dash + 3);
  if (end >= text.size()) reason = "the JSON ends too early: " + reason;
  // The parser quotes what it read last, which may be bytes that are not text.
  if (!source::is_text(reason)) {
    for (char& c : reason) {
      if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') c = '?';
    }
  }
  return JsonError{"malformed JSON: " + reason, line, column};
}

}  // namespace bareme::inputs
