#include "transport/pipe_record_sink.h"

#include "ipc/pipe_writer.h"
#include "ipc/record_batch.h"

namespace mpingest {
namespace {

class PipeRecordSink final : public RecordSink {
 public:
  explicit PipeRecordSink(int fd) : fd_(fd) {}
  void put(std::uint64_t item, std::string_view record) override {
    if (record.size() >= wire::kTargetBatchBytes) {
      // A frame of its own, written from where it is: copying it into the
      // batch would only move it once more.
      flush();
      wire::RecordEntryHeader header = wire::record_entry_header(item, record.size());
      wire::write_frame(fd_, wire::FrameType::records, {std::string_view(header.data(), header.size()), record});
      return;
    }
    batch_.add(item, record);
    if (batch_.full()) flush();
  }
  void flush() override {
    if (batch_.empty()) return;
    wire::write_frame(fd_, wire::FrameType::records, {batch_.payload()});
    batch_.clear();
  }

 private:
  int fd_;
  wire::RecordBatch batch_;
};

}  // namespace

std::unique_ptr<RecordSink> make_pipe_record_sink(int pipe_fd) { return std::make_unique<PipeRecordSink>(pipe_fd); }

}  // namespace mpingest
