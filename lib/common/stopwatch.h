#pragma once
// Monotonic timing helpers for the per-phase and per-worker figures.

#include <chrono>

namespace mpingest {

using SteadyClock = std::chrono::steady_clock;

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
