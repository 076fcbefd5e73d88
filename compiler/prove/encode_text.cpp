// Texts for the solver: the engines only compare texts for equality, so each text is a number,
// the same for one text in both versions of a diff; numbers no text of the program holds stand
// for the other texts.
#include <fmt/format.h>

#include <algorithm>

#include "prove/encoder.hpp"

namespace bareme::prove {

int64_t TextIds::id(const std::string& text) {
  const auto [it, added] = ids.emplace(text, static_cast<int64_t>(texts.size()));
  if (added) texts.push_back(text);
  return it->second;
}

std::string TextIds::text_of(int64_t id) const {
  if (id >= 0 && static_cast<size_t>(id) < texts.size()) return texts[static_cast<size_t>(id)];
  // A text no constant of the program names: any text the program does not name serves, one per
  // number (so that two inputs the solver made equal stay equal, and different stay different).
  std::string out = fmt::format("texte {}", id);
  while (ids.count(out)) out += "*";
  return out;
}

z3::expr Encoder::text_val(const std::string& text) const {
  return ctx.int_val(texts->id(text));
}

z3::expr Encoder::one_of(const z3::expr& text, const std::vector<std::string>& values) const {
  // The values' numbers as a few intervals (a `one of` list may hold tens of thousands of texts,
  // numbered in a row unless the program names some of them elsewhere too).
  std::vector<int64_t> ids;
  ids.reserve(values.size());
  for (const auto& v : values) ids.push_back(texts->id(v));
  std::sort(ids.begin(), ids.end());
  z3::expr_vector any(ctx);
  for (size_t k = 0; k < ids.size();) {
    size_t end = k;
    while (end + 1 < ids.size() && ids[end + 1] == ids[end] + 1) ++end;
    any.push_back(ids[k] == ids[end]
                      ? text == ctx.int_val(ids[k])
                      : text >= ctx.int_val(ids[k]) && text <= ctx.int_val(ids[end]));
    k = end + 1;
  }
  return z3::mk_or(any);
}

}  // namespace bareme::prove
