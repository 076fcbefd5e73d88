// Texts as integers for columnar batches and JIT code: equal texts get equal ids. The language
// only compares texts for equality, so ids are all compiled code needs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bareme::runtime {

// The id of `text` (from 1), the same for the life of the process; thread-safe.
int64_t intern_text(std::string_view text);

// The text of an id intern_text returned (empty for any other id).
std::string interned_text(int64_t id);

// The handle of a set of texts (an input's `one of` values), for compiled code: the texts are
// interned and the set kept for the life of the process, once per distinct list of texts.
// `hash` identifies the list (lists of one hash are compared in full only when first met).
int64_t text_set(const std::shared_ptr<const std::vector<std::string>>& texts, uint64_t hash);
// True when the text of id `id` is in the set `set`; thread-safe (a set never changes).
bool text_set_has(int64_t set, int64_t id);

}  // namespace bareme::runtime
