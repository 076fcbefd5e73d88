// Amounts counted in fixed bins on a logarithmic scale (ten per decade, signed), in one pass,
// in constant memory, mergeable across workers: the HTML report's histograms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bareme::scoring {

class Histogram {
 public:
  Histogram();
  void add(__int128 cents);  // beyond 64 bits: counted in the outermost bin
  void merge(const Histogram& other);
  size_t count() const { return count_; }
  // A bin: the amounts from `low` to `high` inclusive, in cents.
  struct Bin {
    int64_t low = 0, high = 0;
    size_t count = 0;
    std::string label() const;  // "100.00 € to 124.99 €", exact
  };
  // From the lowest nonempty bin to the highest, empty bins between included; each side of
  // zero merged pairwise until it has at most `most` bins.
  std::vector<Bin> bins(size_t most = 24) const;

 private:
  std::vector<size_t> positive_, negative_;  // per edge: [edge[i], edge[i+1]) and its opposite
  size_t zero_ = 0, count_ = 0;
};

}  // namespace bareme::scoring
