#include <unistd.h>

#include <cerrno>

#include "common/stopwatch.h"
#include "common/system_error.h"
#include "corpus/mapped_item_table.h"
#include "ipc/archive.h"
#include "ipc/frame_codec.h"
#include "ipc/pipe_writer.h"
#include "ipc/result_transport.h"
#include "ipc/shared_segment.h"
#include "launch/child_process_set.h"
#include "launch/launcher.h"
#include "launch/spawn_job.h"

namespace mpingest {
namespace {

// Reads the next frame, which must be of type `expected`; counts the bytes read.
wire::Frame read_frame(int fd, wire::FrameDecoder& decoder, wire::FrameType expected, std::uint64_t& bytes) {
  char buffer[1 << 16];
  while (true) {
    if (auto frame = decoder.next()) {
      if (frame->type != expected) throw RunError("unexpected frame from the parent");
      return std::move(*frame);
    }
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw system_error("read job", errno);
    if (n == 0) throw RunError("the parent closed the job pipe before sending a whole job");
    bytes += static_cast<std::uint64_t>(n);
    decoder.feed(buffer, static_cast<std::size_t>(n));
  }
}

ShardResult work(int job_fd, int result_fd) {
  auto setup_start = SteadyClock::now();
  wire::FrameDecoder decoder;
  std::uint64_t job_bytes = 0;
  auto job = wire::from_archive<SpawnJob>(read_frame(job_fd, decoder, wire::FrameType::job, job_bytes).payload,
                                          "the job");
  std::unique_ptr<SharedSegment> segment = SharedSegment::open(job.segment_name);
  // The list is read where it lies: in the segment (shared with the parent
  // and the other workers, owned by none of them) or in the frame received.
  std::string received;
  std::string_view image;
  if (job.items_in_segment) {
    if (job.items_bytes > segment->header().job_size) throw RunError("the item list overruns the segment's job area");
    image = std::string_view(segment->job_area(), job.items_bytes);
  } else {
    received = std::move(read_frame(job_fd, decoder, wire::FrameType::items, job_bytes).payload);
    image = received;
  }
  MappedItemTable items(image);
  std::unique_ptr<Dispatcher> dispatcher = make_dispatcher(job.dispatch, &segment->queue());
  std::unique_ptr<ResultTransport> transport = make_transport(job.ipc, segment.get());
  double setup_s = seconds_since(setup_start);

  WorkerContext context{items, job.processing, *dispatcher, nullptr, segment->status(static_cast<std::size_t>(job.worker))};
  std::unique_ptr<RecordSink> records =
      job.processing.emit_records ? transport->record_sink(job.worker, result_fd) : nullptr;
  ShardResult result = run_worker(context, job.worker, records.get());
  result.stats.setup_s = setup_s;
  result.stats.job_bytes = job_bytes;
  transport->send(job.worker, result, result_fd);
  return result;
}

}  // namespace

int run_spawned_worker(int job_fd, int result_fd, long parent) {
  if (!prepare_worker_process(static_cast<pid_t>(parent))) return ChildProcessSet::kChildOrphaned;
  try {
    work(job_fd, result_fd);
    return 0;
  } catch (const std::exception& e) {
    wire::send_worker_error(result_fd, e.what());
  } catch (...) {
    wire::send_worker_error(result_fd, "unknown exception");
  }
  return ChildProcessSet::kChildCrashed;
}

}  // namespace mpingest
