// The stack guard: whether the current thread has room left on its native stack for one more
// level of a recursion that the input drives (definitions, imports, explanations).
#pragma once

#include <cstddef>

namespace bareme::runtime {

// The stack a recursive step must leave free below it: room for the deepest work done between
// two checks (a diagnostic, a runtime error, an LLVM call). Sanitizers triple frame sizes.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr size_t kStackReserve = size_t{2} << 20;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr size_t kStackReserve = size_t{2} << 20;
#else
inline constexpr size_t kStackReserve = size_t{512} << 10;
#endif
#else
inline constexpr size_t kStackReserve = size_t{512} << 10;
#endif

// True when less than `reserve` bytes of the current thread's stack lie below the caller's
// frame. The thread's stack bounds are learnt once per thread; on a thread whose bounds cannot
// be learnt, always false.
bool stack_exhausted(size_t reserve = kStackReserve);

// Runs `body(context)` on a new thread with a stack of `bytes` (pages are committed only when
// touched) and waits for it; runs it on the current thread when no such thread can be made.
// Threads created later without an explicit size get `bytes` too, so that worker threads can
// recurse as deeply as the command's own.
int run_with_stack(size_t bytes, int (*body)(void*), void* context);

}  // namespace bareme::runtime
