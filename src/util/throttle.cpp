#include "util/throttle.h"

#include <algorithm>
#include <thread>

namespace hmig {

Throttle::Throttle(double bytes_per_second, uint64_t burst_bytes)
    : rate_(bytes_per_second),
      capacity_(std::max<double>(static_cast<double>(burst_bytes), bytes_per_second / 20)),
      tokens_(0),
      last_(Clock::now()) {}

void Throttle::Acquire(uint64_t bytes) {
  if (rate_ <= 0) return;
  auto now = Clock::now();
  tokens_ =
      std::min(capacity_, tokens_ + rate_ * std::chrono::duration<double>(now - last_).count());
  last_ = now;
  tokens_ -= static_cast<double>(bytes);
  if (tokens_ < 0) {
    // Sleep off the debt; the refill on the next call accounts for oversleeping.
    std::this_thread::sleep_for(std::chrono::duration<double>(-tokens_ / rate_));
  }
}

}  // namespace hmig
