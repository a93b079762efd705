#include "launch/stop_deadline.h"

#include <unistd.h>

#include <chrono>
#include <string>
#include <system_error>

#include "common/interrupt.h"

namespace mpingest {

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
  // Nobody notifies on a signal: look every 50 ms.
  while (!finished_ && stop_requested() == 0) done_.wait_for(lock, std::chrono::milliseconds(50));
  if (finished_) return;
  if (done_.wait_for(lock, std::chrono::milliseconds(kGraceMs), [this] { return finished_; })) return;
  const int sig = stop_requested();
  if (last_words_) last_words_();
  std::string message = "mpingest: stopped by signal " + std::to_string(sig) +
                        "; a worker was still busy in the kernel " + std::to_string(kGraceMs / 1000) +
                        " s later, so the process ends without waiting for it; results discarded\n";
  ssize_t ignored = ::write(STDERR_FILENO, message.data(), message.size());
  (void)ignored;
  ::_exit(128 + sig);
}

}  // namespace mpingest
