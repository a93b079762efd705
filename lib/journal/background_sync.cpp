#include "journal/background_sync.h"

#include <utility>

namespace mpingest {

BackgroundSync::BackgroundSync(std::function<void()> sync) : sync_(std::move(sync)), thread_([this] { run(); }) {}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void BackgroundSync::request() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rethrow_failure();
    requested_ = true;
  }
  changed_.notify_all();
}

void BackgroundSync::wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return (!requested_ && !running_) || failure_; });
  rethrow_failure();
}

void BackgroundSync::rethrow_failure() {
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void BackgroundSync::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    running_ = true;
    lock.unlock();
    std::exception_ptr failure;
    try {
      sync_();
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    running_ = false;
    if (failure && !failure_) failure_ = failure;
    changed_.notify_all();
  }
}

}  // namespace mpingest
