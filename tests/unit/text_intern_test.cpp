// Interned texts: one id per text for the life of the process, from any thread, past the size
// of a thread's own cache.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "runtime/text_intern.hpp"

namespace bareme::runtime {
namespace {

TEST(TextIntern, OneIdPerTextFromEveryThread) {
  // More distinct texts than a thread caches, each thread in its own order.
  constexpr int kTexts = 6000;
  std::vector<std::vector<int64_t>> ids(3, std::vector<int64_t>(kTexts));
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([t, &ids] {
      for (int k = 0; k < kTexts; ++k) {
        const int n = t == 1 ? kTexts - 1 - k : k;
        ids[static_cast<size_t>(t)][static_cast<size_t>(n)] =
            intern_text("intern test " + std::to_string(n));
      }
      // Read again: from the thread's cache for the first ones, from the table after.
      for (int n = 0; n < kTexts; ++n) {
        EXPECT_EQ(intern_text("intern test " + std::to_string(n)),
                  ids[static_cast<size_t>(t)][static_cast<size_t>(n)]);
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int n = 0; n < kTexts; ++n) {
    EXPECT_EQ(ids[0][static_cast<size_t>(n)], ids[1][static_cast<size_t>(n)]) << n;
    EXPECT_EQ(ids[0][static_cast<size_t>(n)], ids[2][static_cast<size_t>(n)]) << n;
    EXPECT_EQ(interned_text(ids[0][static_cast<size_t>(n)]), "intern test " + std::to_string(n));
  }
  EXPECT_NE(ids[0][0], ids[0][1]);
  EXPECT_EQ(intern_text("intern test 7"), ids[0][7]);  // from the main thread as well
}

}  // namespace
}  // namespace bareme::runtime
