#pragma once
// A sync (fdatasync and the like) run on a thread of its own when asked, so
// that the thread appending to a journal never waits for the disk: a group
// commit costs it a notify, not the 10-30 ms an fdatasync takes here. One
// sync runs at a time; requests made while one runs are folded into the
// next. A failure (a full disk) is kept and rethrown by the next request()
// or wait(), so it ends the run as a synchronous one would.

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace mpingest {

class BackgroundSync {
 public:
  explicit BackgroundSync(std::function<void()> sync);
  // Waits for the sync in progress, if any; drops a requested one.
  ~BackgroundSync();
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  void request();
  // Until no sync is requested or running; rethrows a failure.
  void wait();

 private:
  void run();
  void rethrow_failure();  // with mutex_ held

  std::function<void()> sync_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool requested_ = false;
  bool running_ = false;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once the rest is ready
};

}  // namespace mpingest
