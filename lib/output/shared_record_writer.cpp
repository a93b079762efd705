#include "output/shared_record_writer.h"

#include <chrono>

#include "common/interrupt.h"

namespace mpingest {

class SharedSink final : public RecordSink {
 public:
  explicit SharedSink(SharedRecordWriter& shared) : shared_(shared) {}
  void put(std::uint64_t item, std::string_view record) override { shared_.put(item, record); }
  void flush() override {}

 private:
  SharedRecordWriter& shared_;
};

std::unique_ptr<RecordSink> SharedRecordWriter::sink() { return std::make_unique<SharedSink>(*this); }

void SharedRecordWriter::release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
  }
  progressed_.notify_all();
}

void SharedRecordWriter::put(std::uint64_t item, std::string_view record) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!released_ && writer_.should_pause(item)) {
    // Nobody notifies on a signal: look again every 50 ms.
    if (stop_requested() != 0) return;
    progressed_.wait_for(lock, std::chrono::milliseconds(50));
  }
  if (stop_requested() != 0 || failure_) return;
  std::uint64_t before = writer_.next_item();
  try {
    writer_.put(item, record);
  } catch (...) {
    failure_ = std::current_exception();
    released_ = true;
    abandon_->store(true, std::memory_order_relaxed);
    progressed_.notify_all();
    return;
  }
  if (writer_.next_item() != before) progressed_.notify_all();
}

void SharedRecordWriter::rethrow_if_failed() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

}  // namespace mpingest
