#pragma once
// The last resort of the in-process modes (serial, threads) after a stop
// signal. Their workers look at the stop request between windows of items
// and normally return within milliseconds; but a thread blocked in the
// kernel (a read on a hung network file system, a test's `hang` fault) can
// be stopped by nobody but the kernel. So once a stop signal has come, the
// workers get kGraceMs to return; if they have not, the process runs its
// last words (erase the progress line) and ends with _exit(128 + signal),
// saying why on stderr.
//
// This is the one exit in lib/: no worker process exists in these modes, no
// shared-memory segment either, and --emit output is written a whole record
// per write(2), so the output still ends at a record boundary.
//
// Two ways to keep the deadline: WorkerLatch, where the caller's thread only
// waits for worker threads (threads mode: no thread more), and
// StopDeadline, a small watcher thread for a caller that works itself
// (serial mode, and threads' re-runs on the calling thread).

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace mpingest {

constexpr int kStopGraceMs = 1000;

// Ends the process: `last_words`, a line on stderr, _exit(128 + signal).
[[noreturn]] void exit_after_stuck_stop(const std::function<void()>& last_words);

// Counts worker threads down; the caller waits on it, keeping the deadline.
class WorkerLatch {
 public:
  explicit WorkerLatch(int workers) : running_(workers) {}
  // The last thing a worker thread does.
  void done();
  // A worker that never started.
  void never_started() { done(); }
  // Returns when every worker is done, or ends the process
  // (exit_after_stuck_stop) kStopGraceMs after a stop signal if one is not.
  void wait(const std::function<void()>& last_words);

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int running_;
};

class StopDeadline {
 public:
  // If no thread can be created, there is no deadline (the workers' own
  // checks remain).
  explicit StopDeadline(std::function<void()> last_words = {});
  ~StopDeadline();
  StopDeadline(const StopDeadline&) = delete;
  StopDeadline& operator=(const StopDeadline&) = delete;

 private:
  void watch();

  std::function<void()> last_words_;
  std::mutex mutex_;
  std::condition_variable done_;
  bool finished_ = false;
  std::thread thread_;
};

}  // namespace mpingest
