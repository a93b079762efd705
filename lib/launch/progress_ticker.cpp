#include "launch/progress_ticker.h"

#include <chrono>

#include "common/interrupt.h"

namespace mpingest {
ProgressTicker::ProgressTicker(ProgressFeed feed) : feed_(std::move(feed)) {
  if (feed_.meter == nullptr) return;
  thread_ = std::thread([this] { loop(); });
}

ProgressTicker::~ProgressTicker() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (stop_requested() == 0) feed_.tick(true);  // the final count, from the workers' own slots
}

void ProgressTicker::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_ && stop_requested() == 0) {  // after a stop signal the line is its owner's to erase
    feed_.tick();
    wake_.wait_for(lock, std::chrono::milliseconds(ProgressMeter::kRedrawIntervalMs), [this] { return stop_; });
  }
}

}  // namespace mpingest
