// Texts as integers for columnar batches and JIT code: equal texts get equal ids. The language
// only compares texts for equality, so ids are all compiled code needs.
#pragma once

#include <cstdint>
#include <string_view>

namespace bareme::runtime {

// The id of `text` (from 1), the same for the life of the process; thread-safe.
int64_t intern_text(std::string_view text);

}  // namespace bareme::runtime
