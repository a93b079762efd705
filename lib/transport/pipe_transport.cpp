// --ipc pipe: the result is one frame on the worker's pipe.
#include "ipc/frame_codec.h"
#include "ipc/pipe_writer.h"
#include "result/result_codec.h"
#include "transport/pipe_record_sink.h"
#include "transport/result_transport.h"

namespace mpingest {
namespace {

class PipeWorkerTransport final : public WorkerTransport {
 public:
  // The parent measures the cost (bytes received, time to decode) on its side.
  void send(int /*worker*/, const ShardResult& result, int pipe_fd) override {
    wire::write_frame(pipe_fd, wire::FrameType::result, {wire::serialize_result(result)});
  }
  std::unique_ptr<RecordSink> record_sink(int /*worker*/, int pipe_fd) override {
    return make_pipe_record_sink(pipe_fd);
  }
};

// Everything came on the pipe: nothing to collect elsewhere.
class PipeParentTransport final : public ParentTransport {
 public:
  std::optional<wire::Frame> collect(int /*worker*/) override { return std::nullopt; }
};

}  // namespace

std::unique_ptr<WorkerTransport> make_pipe_worker_transport(SharedSegment* /*segment*/) {
  return std::make_unique<PipeWorkerTransport>();
}

std::unique_ptr<ParentTransport> make_pipe_parent_transport(SharedSegment* /*segment*/) {
  return std::make_unique<PipeParentTransport>();
}

}  // namespace mpingest
