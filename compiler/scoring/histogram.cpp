// The report's histograms: fixed bins (7 in the first decade of cents, 10 a decade after).
#include "scoring/histogram.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "runtime/values.hpp"

namespace bareme::scoring {
namespace {

// The lower edges of the positive bins: 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 32, … cents.
const std::vector<int64_t>& edges() {
  static const std::vector<int64_t> e = [] {
    std::vector<int64_t> out;
    __int128 decade = 1;
    for (int k = 0; k < 19; ++k, decade *= 10) {
      for (const int m : {100, 125, 160, 200, 250, 320, 400, 500, 630, 800}) {
        const __int128 v = m * decade / 100;
        if (v > INT64_MAX) return out;
        if (v > 0 && (out.empty() || v > out.back())) out.push_back(static_cast<int64_t>(v));
      }
    }
    return out;
  }();
  return e;
}

// Per bit length L of a magnitude (1 to 63): the bin of 2^(L-1), the lowest magnitude of that
// length; a magnitude's bin is then at most a few edges further (about three edges an octave).
const std::array<uint8_t, 64>& octave_start() {
  static const std::array<uint8_t, 64> start = [] {
    const auto& e = edges();
    std::array<uint8_t, 64> out{};
    for (int l = 1; l < 64; ++l) {
      const int64_t low = int64_t{1} << (l - 1);
      out[l] = static_cast<uint8_t>(std::upper_bound(e.begin(), e.end(), low) - e.begin() - 1);
    }
    return out;
  }();
  return start;
}

// The bin of a positive magnitude: from its bit length, no search over every edge (this runs
// for every eligible row of every run).
size_t bin_of(__int128 magnitude) {
  const auto& e = edges();
  const int64_t m = magnitude > INT64_MAX ? INT64_MAX : static_cast<int64_t>(magnitude);
  size_t bin = octave_start()[64 - __builtin_clzll(static_cast<uint64_t>(m))];
  while (bin + 1 < e.size() && e[bin + 1] <= m) ++bin;
  return bin;
}

// The positive bins [first, last] of `counts`, merged pairwise until at most `most`.
std::vector<Histogram::Bin> side(const std::vector<size_t>& counts, size_t most) {
  std::vector<Histogram::Bin> out;
  most = std::max<size_t>(most, 1);  // 0 would merge forever
  const auto& e = edges();
  size_t first = counts.size(), last = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0) continue;
    first = std::min(first, i);
    last = i;
  }
  if (first == counts.size()) return out;
  for (size_t i = first; i <= last; ++i)
    out.push_back({e[i], i + 1 < e.size() ? e[i + 1] - 1 : INT64_MAX, counts[i]});
  while (out.size() > most) {
    std::vector<Histogram::Bin> merged;
    for (size_t i = 0; i < out.size(); i += 2) {
      Histogram::Bin b = out[i];
      if (i + 1 < out.size()) b.high = out[i + 1].high, b.count += out[i + 1].count;
      merged.push_back(b);
    }
    out = std::move(merged);
  }
  return out;
}

}  // namespace

Histogram::Histogram() : positive_(edges().size(), 0), negative_(edges().size(), 0) {}

void Histogram::add(__int128 cents) {
  ++count_;
  if (cents == 0)
    ++zero_;
  else if (cents > 0)
    ++positive_[bin_of(cents)];
  else
    ++negative_[bin_of(-cents)];
}

void Histogram::merge(const Histogram& o) {
  for (size_t i = 0; i < positive_.size(); ++i) {
    positive_[i] += o.positive_[i];
    negative_[i] += o.negative_[i];
  }
  zero_ += o.zero_;
  count_ += o.count_;
}

std::vector<Histogram::Bin> Histogram::bins(size_t most) const {
  std::vector<Bin> out;
  // The negative side, most negative first: bin [a, b] of magnitudes is [-b, -a].
  auto negative = side(negative_, most);
  for (auto it = negative.rbegin(); it != negative.rend(); ++it)
    out.push_back({it->high == INT64_MAX ? INT64_MIN : -it->high, -it->low, it->count});
  if (zero_) out.push_back({0, 0, zero_});
  for (const auto& b : side(positive_, most)) out.push_back(b);
  return out;
}

std::string Histogram::Bin::label() const {
  if (low == high) return runtime::format_money(low);
  if (high == INT64_MAX) return "≥ " + runtime::format_money(low);
  if (low == INT64_MIN) return "≤ " + runtime::format_money(high);
  return runtime::format_money(low) + " to " + runtime::format_money(high);
}

}  // namespace bareme::scoring
