// --ipc pipe: the result is one frame on the worker's pipe.
#include "ipc/pipe_writer.h"
#include "ipc/result_transport.h"

namespace mpingest {
namespace {

class PipeTransport final : public ResultTransport {
 public:
  std::string_view name() const override { return "pipe"; }
  void send(int /*worker*/, const ShardResult& result, int pipe_fd) override { wire::send_result(pipe_fd, result); }
  std::optional<wire::Frame> collect(int /*worker*/) override { return std::nullopt; }
};

}  // namespace

std::unique_ptr<ResultTransport> make_pipe_transport(SharedSegment* /*segment*/) {
  return std::make_unique<PipeTransport>();
}

}  // namespace mpingest
