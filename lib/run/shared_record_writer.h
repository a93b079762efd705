#pragma once
// RecordWriter for workers in this process (serial, threads): a RecordSink
// per worker over one writer, under a mutex. A thread that is ahead while
// the reorder buffer is full waits on a condition variable until the
// writer catches up (the same rule as RecordWriter::should_pause).

#include <condition_variable>
#include <memory>
#include <mutex>

#include "run/record_writer.h"
#include "worker/record_sink.h"

namespace mpingest {

class SharedRecordWriter {
 public:
  explicit SharedRecordWriter(RecordWriter& writer) : writer_(writer) {}
  std::unique_ptr<RecordSink> sink();

 private:
  friend class SharedSink;
  void put(std::uint64_t item, std::string_view record);

  RecordWriter& writer_;
  std::mutex mutex_;
  std::condition_variable progressed_;
};

}  // namespace mpingest
