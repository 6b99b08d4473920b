// A token bucket limiting one worker's throughput (DistCp's -bandwidth is per map).
// Not thread-safe: one per worker.
#pragma once

#include <chrono>
#include <cstdint>

namespace hmig {

class Throttle {
 public:
  // bytes_per_second <= 0 disables the limit. The bucket holds at most
  // max(burst_bytes, 1/20 s of traffic), so a long copy cannot run ahead of the
  // rate by more than that.
  explicit Throttle(double bytes_per_second, uint64_t burst_bytes = 256 * 1024);

  // Blocks until `bytes` may be sent, then takes them from the bucket.
  void Acquire(uint64_t bytes);
  bool enabled() const { return rate_ > 0; }

 private:
  using Clock = std::chrono::steady_clock;
  double rate_;
  double capacity_;
  double tokens_;
  Clock::time_point last_;
};

}  // namespace hmig
