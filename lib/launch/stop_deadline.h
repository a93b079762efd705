#pragma once
// The last resort of the in-process modes (serial, threads) after a stop
// signal. Their workers look at the stop request between windows of items
// and normally return within milliseconds; but a thread blocked in the
// kernel (a read on a hung network file system, a test's `hang` fault) can
// be stopped by nobody but the kernel. So while a StopDeadline lives, a
// small thread watches: once a stop signal has been received, it gives the
// workers kGraceMs to return, and if they have not (the deadline was not
// destroyed by then), it runs `last_words` (erase the progress line) and
// ends the process with _exit(128 + signal), saying why on stderr.
//
// This is the one exit in lib/: no worker process exists in these modes, no
// shared-memory segment either, and --emit output is written a whole record
// per write(2), so the output still ends at a record boundary.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace mpingest {

class StopDeadline {
 public:
  static constexpr int kGraceMs = 1000;

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
