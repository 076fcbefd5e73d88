// One answered question of `bareme diff`, as the report prints it: a line (and a witness) in
// text, an object in JSON.
#pragma once

#include <string>
#include <vector>

#include "diff_confirm.hpp"
#include "prove/diff.hpp"

namespace bareme::tools {

struct DiffAnswer {
  prove::Question question;
  prove::DiffVerdict verdict;
  std::string word;    // "none", "witness", "unknown", "internal error"
  std::string head;    // what the text says after the question: "none (proved)", …
  std::string detail;  // an unknown's reason, with its place
  std::string where;   // an unknown's place
  SideCheck old_check, new_check;
  std::vector<std::string> differs;
  bool witness() const { return word == "witness"; }
};

std::string answer_text(const DiffAnswer& a, bool time, bool maximise);
std::string answer_json(const DiffAnswer& a, bool time, bool maximise);

// A JSON string; a JSON array of strings.
std::string json_quoted(const std::string& s);
std::string json_strings(const std::vector<std::string>& items);

}  // namespace bareme::tools
