#pragma once
// Drives the progress line for the in-process modes (serial, threads),
// whose parent has no event loop of its own: a thread that ticks the feed
// every ProgressMeter::kRedrawIntervalMs until destroyed, then draws the
// final count once. Never used by the process modes: a thread that may hold
// a lock (this one's mutex) must not exist while the parent forks.
// A stop signal (common/interrupt.h) ends the run by unwinding, and the
// meter's owner erases the line then.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "launch/progress_feed.h"

namespace mpingest {

class ProgressTicker {
 public:
  // Does nothing if feed.meter is null.
  explicit ProgressTicker(ProgressFeed feed);
  ~ProgressTicker();
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

 private:
  void loop();

  ProgressFeed feed_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace mpingest
