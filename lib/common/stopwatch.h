#pragma once
// Monotonic timing helpers for the per-phase and per-worker figures.

#include <chrono>
#include <cstdint>

namespace mpingest {

using SteadyClock = std::chrono::steady_clock;

// The steady clock in nanoseconds. On Linux it is CLOCK_MONOTONIC, one clock
// for every process of the machine, so a stamp taken in a worker can be
// compared with one taken in the parent.
inline std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch()).count();
}

inline double seconds_between(std::int64_t from_ns, std::int64_t to_ns) {
  return static_cast<double>(to_ns - from_ns) * 1e-9;
}

inline double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// Adds the time spent in its scope to a counter.
class ScopedTimer {
 public:
  explicit ScopedTimer(double& total) : total_(total), start_(SteadyClock::now()) {}
  ~ScopedTimer() { total_ += seconds_since(start_); }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  double& total_;
  SteadyClock::time_point start_;
};

}  // namespace mpingest
