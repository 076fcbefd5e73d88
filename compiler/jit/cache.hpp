// The cache of compiled code, keyed by the program's text (its IR dump, made once per program)
// and by what was compiled with which options; private to jit/. Used under `jit_mutex()`.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "ir/dump.hpp"
#include "jit/jit.hpp"

namespace bareme::jit {

// "#scheme 3 O2 dense" and the parameter overrides: what, besides the program, a key holds.
std::string cache_suffix(const std::string& what, const CompileOptions& options);

// Whether something besides the cache holds a compilation (for `compile_all`'s entries, the
// function inside the variant the cache stores: callers get copies of the variant).
template <class Compiled>
bool held_elsewhere(const std::shared_ptr<const Compiled>& compiled) {
  return compiled.use_count() > 1;
}
template <class T>
bool held_elsewhere(
    const std::shared_ptr<const std::variant<std::shared_ptr<const T>, Refusal>>& entry) {
  const auto* inner = std::get_if<std::shared_ptr<const T>>(entry.get());
  return entry.use_count() > 1 || (inner && inner->use_count() > 1);
}

template <class Compiled>
class CompiledCache {
 public:
  // At most `keep_unused` compilations held by the cache alone: past that, the least recently
  // used of them are dropped (their code is freed: jit::Library) down to half of it.
  explicit CompiledCache(size_t keep_unused) : keep_unused_(keep_unused) {}

  std::shared_ptr<const Compiled> find(const ir::Program& program, const std::string& suffix) {
    const auto& dump = dump_of(program);
    const auto range = entries_.equal_range(hash(dump, suffix));
    for (auto it = range.first; it != range.second; ++it) {
      Entry& e = it->second;
      if (e.suffix == suffix && (e.dump == dump || *e.dump == *dump)) {
        e.last_used = ++clock_;
        return e.compiled;
      }
    }
    return nullptr;
  }
  void store(const ir::Program& program, const std::string& suffix,
             std::shared_ptr<const Compiled> compiled) {
    free_unused();
    const auto& dump = dump_of(program);
    entries_.emplace(hash(dump, suffix), Entry{dump, suffix, std::move(compiled), ++clock_});
  }

 private:
  struct Entry {
    std::shared_ptr<const std::string> dump;  // shared by every entry of one program
    std::string suffix;
    std::shared_ptr<const Compiled> compiled;
    uint64_t last_used = 0;
  };
  // A long-running process (a reform swept over many values, a service loading and releasing
  // schemes) thus keeps a bounded number of compilations; one still held elsewhere stays.
  void free_unused() {
    if (entries_.size() < keep_unused_) return;
    std::vector<uint64_t> unused;
    for (const auto& [key, e] : entries_)
      if (!held_elsewhere(e.compiled)) unused.push_back(e.last_used);
    if (unused.size() < keep_unused_) return;
    auto cut = unused.begin() + static_cast<std::ptrdiff_t>(unused.size() - keep_unused_ / 2);
    std::nth_element(unused.begin(), cut, unused.end());
    const uint64_t oldest_kept = *cut;  // the unused entries used before it are dropped
    for (auto it = entries_.begin(); it != entries_.end();)
      it = !held_elsewhere(it->second.compiled) && it->second.last_used < oldest_kept
               ? entries_.erase(it)
               : std::next(it);
  }
  static const std::shared_ptr<const std::string>& dump_of(const ir::Program& program) {
    if (!program.dump_for_cache)
      program.dump_for_cache = std::make_shared<const std::string>(ir::dump(program));
    return program.dump_for_cache;
  }
  // The dump's hash is computed once per dump (hashing a 400-aid catalogue's costs a
  // millisecond); holding the last dump keeps its address from naming another.
  size_t hash(const std::shared_ptr<const std::string>& dump, const std::string& suffix) {
    if (dump != last_dump_) {
      last_dump_ = dump;
      last_hash_ = std::hash<std::string>{}(*dump);
    }
    return last_hash_ ^ (std::hash<std::string>{}(suffix) * 0x9e3779b97f4a7c15ULL);
  }
  size_t keep_unused_;
  uint64_t clock_ = 0;
  std::unordered_multimap<size_t, Entry> entries_;
  std::shared_ptr<const std::string> last_dump_;
  size_t last_hash_ = 0;
};

}  // namespace bareme::jit
