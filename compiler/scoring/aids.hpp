// The combined aids a scored scheme reports: every aid of every combine in its file, in the
// order of the batch outputs, or only those of one combine (`score --combine NAME`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/ir.hpp"

namespace bareme::scoring {

struct AidColumns {
  std::vector<size_t> index;      // the aid's position in the batch outputs
  std::vector<std::string> name;  // `combine.aid`
};

// Nothing when `combine` is not empty and names no combine of the scheme's file.
inline std::optional<AidColumns> aid_columns(const ir::Program& p, ir::Index scheme,
                                             const std::string& combine = "") {
  AidColumns out;
  size_t position = 0;
  bool found = combine.empty();
  for (const auto& c : p.combines) {
    if (c.module != p.schemes[scheme].module) continue;
    for (const auto& a : c.aids) {
      if (combine.empty() || c.name == combine) {
        out.index.push_back(position);
        out.name.push_back(c.name + "." + a.name);
      }
      ++position;
    }
    found = found || c.name == combine;
  }
  if (!found) return std::nullopt;
  return out;
}

}  // namespace bareme::scoring
