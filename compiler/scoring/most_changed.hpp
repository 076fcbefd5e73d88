// The rows a reform changed most (by the size of the change), kept in a bounded heap with
// their applications, for the HTML report's table and explanations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "interp/interp.hpp"

namespace bareme::scoring {

struct Changed {
  size_t row = 0;  // from 1
  int64_t baseline = 0, reform = 0;
  interp::Application application;
  std::optional<interp::Application> reform_application;  // when the reform is another file
  __int128 size() const {
    const __int128 d = static_cast<__int128>(reform) - baseline;
    return d < 0 ? -d : d;
  }
};

class MostChanged {
 public:
  explicit MostChanged(size_t keep = 20) : keep_(keep) {}
  // Whether a change of this size would be kept (cheap: call before copying an application).
  bool wants(int64_t baseline, int64_t reform) const;
  void add(Changed changed);
  // Largest change first; ties by row.
  std::vector<Changed> sorted() const;

 private:
  size_t keep_;
  std::vector<Changed> heap_;  // a min-heap by (size, later row first)
};

}  // namespace bareme::scoring
