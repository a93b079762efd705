#include "transport/pipe_record_sink.h"

#include "ipc/pipe_writer.h"
#include "ipc/record_batch.h"

namespace mpingest {
namespace {

class PipeRecordSink final : public RecordSink {
 public:
  explicit PipeRecordSink(int fd) : fd_(fd) {}
  void put(std::uint64_t item, std::string_view record) override {
    batch_.add(item, record);
    if (batch_.full()) flush();
  }
  void flush() override {
    if (!batch_.empty()) wire::write_all(fd_, batch_.take_frame());
  }

 private:
  int fd_;
  wire::RecordBatch batch_;
};

}  // namespace

std::unique_ptr<RecordSink> make_pipe_record_sink(int pipe_fd) { return std::make_unique<PipeRecordSink>(pipe_fd); }

}  // namespace mpingest
