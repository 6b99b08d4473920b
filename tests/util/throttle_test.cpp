#include "util/throttle.h"

#include <gtest/gtest.h>

namespace hmig {

// Deterministic bounds, not timing claims: the bucket may never let a sender run
// ahead of rate x elapsed + one burst, and must not stall it far below the rate.
TEST(ThrottleTest, NeverRunsAheadOfTheRate) {
  const double rate = 8 * 1024 * 1024;  // 8 MiB/s
  Throttle t(rate);
  auto start = std::chrono::steady_clock::now();
  uint64_t sent = 0;
  while (sent < 4 * 1024 * 1024) {  // 4 MiB in 64 KiB pieces: about 0.5 s
    t.Acquire(65536);
    sent += 65536;
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double burst = rate / 20;
  EXPECT_GE(elapsed, (static_cast<double>(sent) - burst) / rate * 0.999);
}

TEST(ThrottleTest, DisabledThrottleNeverSleeps) {
  Throttle t(0);
  EXPECT_FALSE(t.enabled());
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) t.Acquire(1 << 30);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 1.0);
}

}  // namespace hmig
