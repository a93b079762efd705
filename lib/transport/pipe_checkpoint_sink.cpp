#include "transport/pipe_checkpoint_sink.h"

#include "ipc/frame_codec.h"
#include "ipc/pipe_writer.h"

namespace mpingest {
namespace {

class PipeCheckpointSink final : public CheckpointSink {
 public:
  explicit PipeCheckpointSink(int pipe_fd) : pipe_fd_(pipe_fd) {}
  void put(Checkpoint&& checkpoint) override {
    wire::write_all(pipe_fd_, wire::encode_frame(wire::FrameType::checkpoint, wire::encode_checkpoint(checkpoint)));
  }

 private:
  int pipe_fd_;
};

}  // namespace

std::unique_ptr<CheckpointSink> make_pipe_checkpoint_sink(int pipe_fd) {
  return std::make_unique<PipeCheckpointSink>(pipe_fd);
}

}  // namespace mpingest
