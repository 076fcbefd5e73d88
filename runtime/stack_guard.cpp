// The stack guard: the current thread's stack bounds, learnt once, against the caller's frame.
#include "runtime/stack_guard.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstdint>

namespace bareme::runtime {
namespace {

// The lowest usable address of this thread's stack (stacks grow down); 0 when unknown.
uintptr_t learn_stack_floor() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* low = nullptr;
  size_t size = 0;
  const int status = pthread_attr_getstack(&attr, &low, &size);
  size_t guard = 0;
  pthread_attr_getguardsize(&attr, &guard);
  pthread_attr_destroy(&attr);
  if (status != 0 || low == nullptr) return 0;
  return reinterpret_cast<uintptr_t>(low) + guard;
}

struct Runner {
  int (*body)(void*);
  void* context;
  int status = 0;
};

void* run_body(void* p) {
  auto* runner = static_cast<Runner*>(p);
  runner->status = runner->body(runner->context);
  return nullptr;
}

}  // namespace

bool stack_exhausted(size_t reserve) {
  thread_local const uintptr_t floor = learn_stack_floor();
  if (floor == 0) return false;
  // The frame address, not a local's: under AddressSanitizer locals may live on a fake stack.
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  return here < floor || here - floor < reserve;
}

int run_with_stack(size_t bytes, int (*body)(void*), void* context) {
  Runner runner{body, context};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return body(context);
  pthread_attr_t previous_default;
  const bool saved = pthread_getattr_default_np(&previous_default) == 0;
  pthread_t thread;
  const bool sized = pthread_attr_setstacksize(&attr, bytes) == 0;
  if (sized) pthread_setattr_default_np(&attr);
  const bool started = sized && pthread_create(&thread, &attr, run_body, &runner) == 0;
  pthread_attr_destroy(&attr);
  if (!started && saved) pthread_setattr_default_np(&previous_default);
  if (saved) pthread_attr_destroy(&previous_default);
  if (!started) return body(context);
  // Signals sent to the process go to the command's thread (the REPL jumps out of line editing
  // on Ctrl-C), not to this one, which only waits.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  pthread_join(thread, nullptr);
  return runner.status;
}

}  // namespace bareme::runtime
