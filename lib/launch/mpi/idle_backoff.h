#pragma once
// Waiting for an MPI message without spinning. MPI's blocking calls
// busy-wait (Open MPI polls, at best yielding), which on a machine with no
// core to spare takes the core another rank, or this rank's own worker,
// needs. Polls are spaced by sleeps that grow from 10 µs to 200 µs while
// nothing comes.

#include <time.h>

#include <algorithm>

namespace mpingest {

class IdleBackoff {
 public:
  void reset() { sleep_ns_ = kMinNs; }
  // After a poll: poll again at once if it found something, else sleep.
  void pace(bool found) {
    if (found) {
      reset();
    } else {
      wait();
    }
  }
  void wait() {
    timespec pause{0, sleep_ns_};
    ::nanosleep(&pause, nullptr);
    sleep_ns_ = std::min(sleep_ns_ * 2, kMaxNs);
  }

 private:
  static constexpr long kMinNs = 10'000;
  static constexpr long kMaxNs = 200'000;
  long sleep_ns_ = kMinNs;
};

}  // namespace mpingest
