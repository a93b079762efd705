#include "launch/stop_deadline.h"

#include <unistd.h>

#include <chrono>
#include <string>
#include <system_error>

#include "common/interrupt.h"

namespace mpingest {
namespace {

// Nobody notifies on a signal: waits look at the flag this often.
constexpr std::chrono::milliseconds kLookEvery{50};

}  // namespace

void exit_after_stuck_stop(const std::function<void()>& last_words) {
  const int sig = stop_requested();
  if (last_words) last_words();
  std::string message = "mpingest: stopped by signal " + std::to_string(sig) +
                        "; a worker was still busy in the kernel " + std::to_string(kStopGraceMs / 1000) +
                        " s later, so the process ends without waiting for it; results discarded\n";
  ssize_t ignored = ::write(STDERR_FILENO, message.data(), message.size());
  (void)ignored;
  ::_exit(128 + sig);
}

void WorkerLatch::done() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
  }
  changed_.notify_one();
}

void WorkerLatch::wait(const std::function<void()>& last_words) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (running_ > 0 && stop_requested() == 0) changed_.wait_for(lock, kLookEvery);
  if (running_ == 0) return;
  if (!changed_.wait_for(lock, std::chrono::milliseconds(kStopGraceMs), [this] { return running_ == 0; }))
    exit_after_stuck_stop(last_words);
}

StopDeadline::StopDeadline(std::function<void()> last_words) : last_words_(std::move(last_words)) {
  try {
    thread_ = std::thread([this] { watch(); });
  } catch (const std::system_error&) {
    // Out of threads: the workers' own stop checks have to do.
  }
}

StopDeadline::~StopDeadline() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
  }
  done_.notify_one();
  thread_.join();
}

void StopDeadline::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!finished_ && stop_requested() == 0) done_.wait_for(lock, kLookEvery);
  if (finished_) return;
  if (done_.wait_for(lock, std::chrono::milliseconds(kStopGraceMs), [this] { return finished_; })) return;
  exit_after_stuck_stop(last_words_);
}

}  // namespace mpingest
