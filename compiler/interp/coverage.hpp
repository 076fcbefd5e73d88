// The ways each coverage item went, recorded by the interpreter when Options::coverage is set.
#pragma once

#include <cstdint>
#include <unordered_map>

namespace bareme::interp {

// Keyed by the IR node of an item (ir::CoverageItem::node). Bit 1: the item went its first way
// (true, then, taken, hit, applied); bit 2: its second way.
struct CoverageHits {
  std::unordered_map<const void*, uint8_t> ways;
  void record(const void* node, bool way) { ways[node] |= way ? 1 : 2; }
  uint8_t of(const void* node) const {
    const auto it = ways.find(node);
    return it == ways.end() ? 0 : it->second;
  }
};

}  // namespace bareme::interp
