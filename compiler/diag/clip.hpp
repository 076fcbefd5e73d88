// User text quoted in messages (names, texts, values), cut to a length a reader can take in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bareme::diag {

// Longest quoted text kept whole, in characters.
inline constexpr size_t kMaxQuoted = 60;

// `text` itself when it has at most `max_chars` characters (code points); else its first
// characters and "…", `max_chars` characters in all.
std::string clip(std::string_view text, size_t max_chars = kMaxQuoted);

// `message` with each text between backquotes or double quotes longer than `max_chars`
// clipped (the quotes kept), so that a megabyte-long name echoed in a message stays readable.
std::string clip_quoted(std::string message, size_t max_chars = kMaxQuoted);

}  // namespace bareme::diag
