// Printing one answered question of `bareme diff`: its verdict, and a witness's situation, both
// versions' values as each engine computes them, the change and what differs.
#include "diff_answer.hpp"

#include <fmt/format.h>

namespace bareme::tools {
namespace {

std::string signed_money(int64_t cents) {
  return (cents > 0 ? "+" : "") + runtime::format_money(cents);
}

std::string indented(const std::string& text, const std::string& margin) {
  std::string out = margin;
  for (const char c : text) out += c == '\n' ? "\n" + margin : std::string(1, c);
  return out;
}

}  // namespace

std::string json_quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s)
    out += (c == '"' || c == '\\') ? std::string("\\") + c : c == '\n' ? "\\n" : std::string(1, c);
  return out + "\"";
}

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t k = 0; k < items.size(); ++k) out += (k ? ", " : "") + json_quoted(items[k]);
  return out + "]";
}

std::string answer_json(const DiffAnswer& a, bool time, bool maximise) {
  const prove::DiffVerdict& v = a.verdict;
  std::string json =
      fmt::format("{{\"question\": {}, \"verdict\": {}",
                  json_quoted(prove::question_name(a.question)), json_quoted(a.word));
  if (v.list_bound) json += fmt::format(", \"list_bound\": {}", *v.list_bound);
  if (time) json += fmt::format(", \"seconds\": {:.3f}", v.seconds);
  if (v.kind == prove::Kind::Unknown)
    json += fmt::format(", \"reason\": {}, \"detail\": {}, \"location\": {}",
                        json_quoted(prove::reason_name(v.reason)), json_quoted(v.detail),
                        json_quoted(a.where));
  if (a.witness()) {
    json += fmt::format(
        ", {}, \"old\": {{\"eligible\": {}, \"amount\": {}}}, \"new\": "
        "{{\"eligible\": {}, \"amount\": {}}}, \"change\": {}, \"interpreter\": [{}, {}], "
        "\"jit\": [{}, {}], \"differs\": {}",
        v.situations_differ ? fmt::format("\"old_situation\": {}, \"new_situation\": {}",
                                          v.old_situation, v.new_situation)
                            : fmt::format("\"situation\": {}", v.situation),
        v.old_eligible, json_quoted(runtime::format_money(v.old_amount)), v.new_eligible,
        json_quoted(runtime::format_money(v.new_amount)),
        json_quoted(signed_money(v.new_amount - v.old_amount)), json_quoted(a.old_check.interp),
        json_quoted(a.new_check.interp), json_quoted(a.old_check.jit), json_quoted(a.new_check.jit),
        json_strings(a.differs));
    if (maximise) json += fmt::format(", \"largest\": {}", v.largest);
  }
  return json + "}";
}

std::string answer_text(const DiffAnswer& a, bool time, bool maximise) {
  const prove::DiffVerdict& v = a.verdict;
  std::string out = fmt::format("  {}: {}{}\n", prove::question_name(a.question), a.head,
                                a.detail.empty() ? "" : ": " + a.detail);
  if (time) out += fmt::format("    time: {:.3f} s (encoding and solving)\n", v.seconds);
  if (!a.witness()) return out;
  if (v.situations_differ) {
    out += "    an input has one name but different types: each version's situation\n";
    out += "    old situation (bareme eval --input):\n" + indented(v.old_situation, "    ") + "\n";
    out += "    new situation (bareme eval --input):\n" + indented(v.new_situation, "    ") + "\n";
  } else {
    out += "    situation (bareme eval --input):\n" + indented(v.situation, "    ") + "\n";
  }
  for (const auto* side : {&a.old_check, &a.new_check})
    out += fmt::format(
        "    {}: {} ({})\n", side == &a.old_check ? "old" : "new", side->interp,
        side->jit == side->interp ? "interpreter and JIT" : "interpreter; JIT: " + side->jit);
  out += fmt::format("    change: {}{}\n", signed_money(v.new_amount - v.old_amount),
                     !maximise   ? ""
                     : v.largest ? " (the largest: proved)"
                                 : " (the largest found)");
  for (const auto& d : a.differs) out += "    differs: " + d + "\n";
  return out;
}

}  // namespace bareme::tools
