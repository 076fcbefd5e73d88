// The cache of compiled code, keyed by the program's text (its IR dump, made once per program)
// and by what was compiled with which options; private to jit/. Used under `jit_mutex()`.
#pragma once

#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <unordered_map>

#include "ir/dump.hpp"
#include "jit/jit.hpp"

namespace bareme::jit {

// "#scheme 3 O2 dense" and the parameter overrides: what, besides the program, a key holds.
std::string cache_suffix(const std::string& what, const CompileOptions& options);

template <class Compiled>
class CompiledCache {
 public:
  std::shared_ptr<const Compiled> find(const ir::Program& program, const std::string& suffix) {
    const auto& dump = dump_of(program);
    const auto range = entries_.equal_range(hash(dump, suffix));
    for (auto it = range.first; it != range.second; ++it) {
      const Entry& e = it->second;
      if (e.suffix == suffix && (e.dump == dump || *e.dump == *dump)) return e.compiled;
    }
    return nullptr;
  }
  void store(const ir::Program& program, const std::string& suffix,
             std::shared_ptr<const Compiled> compiled) {
    free_unused();
    const auto& dump = dump_of(program);
    entries_.emplace(hash(dump, suffix), Entry{dump, suffix, std::move(compiled)});
  }

 private:
  struct Entry {
    std::shared_ptr<const std::string> dump;  // shared by every entry of one program
    std::string suffix;
    std::shared_ptr<const Compiled> compiled;
  };
  // Once kCachedUnused compilations are held by the cache alone (a reform swept over many
  // values, schemes loaded and released by a service), frees them all: their machine code is
  // then released (jit::Library). A compilation something else still holds stays.
  void free_unused() {
    size_t unused = 0;
    for (const auto& [key, e] : entries_) unused += e.compiled.use_count() == 1;
    if (unused < kCachedUnused) return;
    for (auto it = entries_.begin(); it != entries_.end();)
      it = it->second.compiled.use_count() == 1 ? entries_.erase(it) : std::next(it);
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
  std::unordered_multimap<size_t, Entry> entries_;
  std::shared_ptr<const std::string> last_dump_;
  size_t last_hash_ = 0;
};

}  // namespace bareme::jit
