// Edit distance (optimal string alignment, case-insensitive) and the closest candidate.
#include "diag/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace bareme::diag {
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

}  // namespace

std::optional<std::string> closest(const std::string& wrong, const std::vector<std::string>& candidates) {
  if (wrong.size() > 64) return std::nullopt;
  const size_t limit = std::max<size_t>(1, wrong.size() / 3);
  std::string best;
  size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    // The distance is at least the difference in length.
    if (c == wrong || c.size() > wrong.size() + limit || c.size() + limit < wrong.size()) continue;
    const size_t dist = edit_distance(wrong, c);
    if (dist < best_distance || (dist == best_distance && c < best)) {
      best = c;
      best_distance = dist;
    }
  }
  if (best.empty()) return std::nullopt;
  return best;
}

}  // namespace bareme::diag
