// The bounded heap of the rows a reform changed most.
#include "scoring/most_changed.hpp"

#include <algorithm>

namespace bareme::scoring {
namespace {

// a before b in the report: the larger change, then the earlier row.
bool before(const Changed& a, const Changed& b) {
  return a.size() != b.size() ? a.size() > b.size() : a.row < b.row;
}

}  // namespace

bool MostChanged::wants(int64_t baseline, int64_t reform) const {
  if (baseline == reform || keep_ == 0) return false;
  if (heap_.size() < keep_) return true;
  const __int128 d = static_cast<__int128>(reform) - baseline;
  // Rows come in order: a later row of the same size as the smallest kept is not kept.
  return (d < 0 ? -d : d) > heap_.front().size();
}

void MostChanged::add(Changed changed) {
  if (!wants(changed.baseline, changed.reform)) return;
  // With `before` as the heap's "less", its front is the one that comes last in the report.
  heap_.push_back(std::move(changed));
  std::push_heap(heap_.begin(), heap_.end(), before);
  if (heap_.size() > keep_) {
    std::pop_heap(heap_.begin(), heap_.end(), before);
    heap_.pop_back();
  }
}

std::vector<Changed> MostChanged::sorted() const {
  std::vector<Changed> out = heap_;
  std::sort(out.begin(), out.end(), before);
  return out;
}

}  // namespace bareme::scoring
