// A small JSON writer that prints numbers exactly as given (money stays in decimal text).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bareme::report {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view s);
  JsonWriter& number(std::string_view text);  // written as is: "7500.00"
  JsonWriter& boolean(bool b);
  JsonWriter& null();
  // Shorthands for `key(k)` followed by a value.
  JsonWriter& field(std::string_view k, std::string_view s) { return key(k).string(s); }
  JsonWriter& field_number(std::string_view k, std::string_view n) { return key(k).number(n); }
  JsonWriter& field_bool(std::string_view k, bool b) { return key(k).boolean(b); }
  std::string str() const { return out_ + "\n"; }

 private:
  void before_value();
  JsonWriter& close(char bracket);
  void newline();
  std::string out_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

// A string escaped for JSON, with invalid UTF-8 replaced.
std::string json_escape(std::string_view s);

}  // namespace bareme::report
