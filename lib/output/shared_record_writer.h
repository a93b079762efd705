#pragma once
// RecordWriter for workers in this process (serial, threads): a RecordSink
// per worker over one writer, under a mutex. A thread that is ahead while
// the reorder buffer is full waits on a condition variable until the
// writer catches up (the same rule as RecordWriter::should_pause).
//
// That wait relies on the thread owning the next item to deliver it. When a
// worker fails, release() ends all waiting (the buffer may then grow past
// its bound until the failed worker's items are re-run); when a stop signal
// arrives, a waiting put() gives up its record and returns, so the worker
// reaches its own stop check. A failure to write (a closed pipe, a full
// disk) is kept, not thrown in the worker: it sets `abandon`, so every
// worker stops, and the launcher rethrows it (rethrow_if_failed).

#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>

#include "output/record_writer.h"
#include "worker/record_sink.h"

namespace mpingest {

class SharedRecordWriter {
 public:
  SharedRecordWriter(RecordWriter& writer, std::atomic<bool>* abandon) : writer_(writer), abandon_(abandon) {}
  std::unique_ptr<RecordSink> sink();
  // No put() waits from now on.
  void release();
  // Rethrows the first failure to write, if any.
  void rethrow_if_failed();

 private:
  friend class SharedSink;
  void put(std::uint64_t item, std::string_view record);

  RecordWriter& writer_;
  std::atomic<bool>* abandon_;
  std::exception_ptr failure_;
  std::mutex mutex_;
  std::condition_variable progressed_;
  bool released_ = false;
};

}  // namespace mpingest
