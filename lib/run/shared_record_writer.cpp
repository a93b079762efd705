#include "run/shared_record_writer.h"

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

void SharedRecordWriter::put(std::uint64_t item, std::string_view record) {
  std::unique_lock<std::mutex> lock(mutex_);
  progressed_.wait(lock, [&] { return !writer_.should_pause(item); });
  std::uint64_t before = writer_.next_item();
  writer_.put(item, record);
  if (writer_.next_item() != before) progressed_.notify_all();
}

}  // namespace mpingest
