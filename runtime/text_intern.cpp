// A process-wide table of interned texts.
#include "runtime/text_intern.hpp"

#include <functional>
#include <map>
#include <memory>
#include <vector>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bareme::runtime {
namespace {

// Looks texts up by view, without building a string (transparent hashing).
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

}  // namespace

namespace {

// The interned texts: ids by text, and each text by id (a pointer to its key, stable).
struct Table {
  std::shared_mutex mutex;
  std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>> ids;
  std::vector<const std::string*> texts;
};

Table& table() {
  static Table t;
  return t;
}

}  // namespace

int64_t intern_text(std::string_view text) {
  // Readers of a batch intern every text cell. Each thread first looks in its own cache of the
  // texts it met (ids never change, and its keys are views of the table's own strings), so that
  // reading threads share no lock word on the common path; then under the table's shared lock,
  // without allocating; a new text last, under the exclusive lock.
  constexpr size_t kCachedPerThread = 4096;
  thread_local std::unordered_map<std::string_view, int64_t> cache;
  if (const auto hit = cache.find(text); hit != cache.end()) return hit->second;
  Table& t = table();
  const std::string* key = nullptr;
  int64_t id = 0;
  {
    std::shared_lock lock(t.mutex);
    if (auto it = t.ids.find(text); it != t.ids.end()) key = &it->first, id = it->second;
  }
  if (!key) {
    std::unique_lock lock(t.mutex);
    auto [it, inserted] =
        t.ids.try_emplace(std::string(text), static_cast<int64_t>(t.ids.size() + 1));
    if (inserted) t.texts.push_back(&it->first);
    key = &it->first, id = it->second;
  }
  if (cache.size() < kCachedPerThread) cache.emplace(*key, id);
  return id;
}

std::string interned_text(int64_t id) {
  Table& t = table();
  std::shared_lock lock(t.mutex);
  return id >= 1 && static_cast<size_t>(id) <= t.texts.size() ? *t.texts[static_cast<size_t>(id - 1)]
                                                               : std::string();
}

namespace {

// A set of interned texts as a bit per id: ids are dense from 1, and a text interned after the
// set was built (an id past its last word) is in no set.
struct TextSet {
  std::vector<uint64_t> bits;
  std::vector<std::string> texts;  // to tell lists of one hash apart
};

}  // namespace

int64_t text_set(const std::shared_ptr<const std::vector<std::string>>& texts, uint64_t hash) {
  static std::mutex mutex;
  // Each list met, by the address of the program's list while that list lives (a catalogue
  // lowers its `one of` inputs once per function: no full comparison each time), and the sets
  // by hash and size, compared in full when a new list is first met.
  static std::map<const void*, std::pair<std::weak_ptr<const std::vector<std::string>>, TextSet*>> seen;
  static std::map<std::pair<uint64_t, size_t>, std::vector<std::unique_ptr<TextSet>>> sets;
  std::lock_guard lock(mutex);
  if (auto it = seen.find(texts.get()); it != seen.end() && !it->second.first.expired())
    return static_cast<int64_t>(reinterpret_cast<intptr_t>(it->second.second));
  auto& candidates = sets[{hash, texts->size()}];
  TextSet* found = nullptr;
  for (const auto& c : candidates)
    if (c->texts == *texts) found = c.get();
  if (found == nullptr) {
    auto& set = candidates.emplace_back(std::make_unique<TextSet>());
    set->texts = *texts;
    for (const auto& t : *texts) {
      const auto id = static_cast<size_t>(intern_text(t));
      if (id / 64 >= set->bits.size()) set->bits.resize(id / 64 + 1, 0);
      set->bits[id / 64] |= uint64_t{1} << (id % 64);
    }
    found = set.get();
  }
  seen[texts.get()] = {texts, found};
  return static_cast<int64_t>(reinterpret_cast<intptr_t>(found));
}

bool text_set_has(int64_t set, int64_t id) {
  const auto& bits = reinterpret_cast<const TextSet*>(static_cast<intptr_t>(set))->bits;
  const auto i = static_cast<uint64_t>(id);
  return i / 64 < bits.size() && ((bits[i / 64] >> (i % 64)) & 1) != 0;
}

}  // namespace bareme::runtime
