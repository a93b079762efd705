// --ipc shm: each worker writes its result frame into its own slot of the
// run's shared-memory segment. Synchronisation is by process lifetime: a
// worker writes only its own slot and then exits; the parent reads a slot
// only after waitpid() has reported that worker's clean exit, and waitpid
// orders the child's writes before the parent's reads. No lock is needed,
// and the frame's length check and CRC catch a worker killed mid-write.
#include "common/system_error.h"
#include "ipc/result_codec.h"
#include "ipc/pipe_record_sink.h"
#include "ipc/result_transport.h"
#include "ipc/shared_segment.h"

#include <cstring>

namespace mpingest {
namespace {

class ShmTransport final : public ResultTransport {
 public:
  explicit ShmTransport(SharedSegment& segment) : segment_(segment) {}
  std::string_view name() const override { return "shm"; }

  void send(int worker, const ShardResult& result, int /*pipe_fd*/) override {
    std::string frame = wire::encode_frame(wire::FrameType::result, wire::serialize_result(result));
    if (frame.size() > segment_.slot_size())
      throw RunError("result of " + std::to_string(frame.size()) + " bytes does not fit its shared-memory slot of " +
                     std::to_string(segment_.slot_size()));
    std::memcpy(segment_.slot(static_cast<std::size_t>(worker)), frame.data(), frame.size());
  }

  std::unique_ptr<RecordSink> record_sink(int /*worker*/, int pipe_fd) override {
    return make_pipe_record_sink(pipe_fd);
  }
  std::optional<wire::Frame> collect(int worker) override {
    return wire::decode_frame_at(segment_.slot(static_cast<std::size_t>(worker)), segment_.slot_size());
  }

 private:
  SharedSegment& segment_;
};

}  // namespace

std::unique_ptr<ResultTransport> make_shm_transport(SharedSegment* segment) {
  return std::make_unique<ShmTransport>(*segment);
}

}  // namespace mpingest
