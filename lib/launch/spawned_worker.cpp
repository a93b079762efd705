#include <unistd.h>

#include <cerrno>
#include <new>
#include <optional>

#include "common/stopwatch.h"
#include "common/system_error.h"
#include "corpus/mapped_item_table.h"
#include "dispatch/request_dispatch.h"
#include "ipc/archive.h"
#include "ipc/frame_codec.h"
#include "ipc/pipe_reader.h"
#include "ipc/pipe_writer.h"
#include "transport/result_transport.h"
#include "ipc/shared_segment.h"
#include "launch/child_process_set.h"
#include "launch/launcher.h"
#include "launch/run_segment.h"
#include "launch/spawn_job.h"
#include "launch/streamed_item_table.h"
#include "transport/pipe_checkpoint_sink.h"

namespace mpingest {
namespace {

ShardResult work(int job_fd, int result_fd) {
  auto setup_start = SteadyClock::now();
  wire::FrameDecoder decoder;
  std::uint64_t job_bytes = 0;
  auto job = wire::from_archive<SpawnJob>(
      wire::read_frame(job_fd, decoder, wire::FrameType::job, job_bytes).payload, "the job");
  std::unique_ptr<SharedSegment> segment = SharedSegment::open(job.segment_name);
  // The list is read where it lies: in the segment (shared with the parent
  // and the other workers, owned by none of them), or slice by slice from
  // the job pipe as the worker's cursor moves through it.
  std::optional<MappedItemTable> mapped;
  std::optional<StreamedItemTable> streamed;
  // --dispatch request: the parent handed this worker its socket as descriptor 3.
  std::unique_ptr<Dispatcher> dispatcher = dispatch_asks_parent(job.dispatch.strategy)
                                               ? RequestDispatcher::for_worker(job.worker, kRequestFd)
                                               : make_dispatcher(job.dispatch, &run_queue(*segment));
  if (job.items_in_segment) {
    if (job.items_bytes > segment->header().job_size) throw RunError("the item list overruns the segment's job area");
    mapped.emplace(std::string_view(segment->job_area(), job.items_bytes));
  } else {
    streamed.emplace(job_fd, std::move(decoder));
    dispatcher = std::make_unique<SeekingDispatcher>(std::move(dispatcher), *streamed);
  }
  const ItemTable& items = mapped ? static_cast<const ItemTable&>(*mapped) : *streamed;
  std::unique_ptr<WorkerTransport> transport = make_worker_transport(job.ipc, segment.get());
  double setup_s = seconds_since(setup_start);

  WorkerContext context{items, job.processing, find_task(job.processing.task), *dispatcher, nullptr, run_status(*segment, static_cast<std::size_t>(job.worker))};
  std::unique_ptr<RecordSink> records =
      job.processing.emit_records ? transport->record_sink(job.worker, result_fd) : nullptr;
  std::unique_ptr<CheckpointSink> checkpoints =
      job.processing.checkpoint_s > 0 ? make_pipe_checkpoint_sink(result_fd) : nullptr;
  context.checkpoints = checkpoints.get();
  ShardResult result = run_worker(context, job.worker, records.get());
  result.stats.setup_s = setup_s;
  result.stats.job_bytes = job_bytes + (streamed ? streamed->bytes_read() : 0);
  transport->send(job.worker, result, result_fd);
  return result;
}

}  // namespace

int run_spawned_worker(int job_fd, int result_fd, long parent) {
  // An orphan leaves at once: no exit handlers (a sanitizer's leak check
  // could keep it alive for seconds after its parent died).
  if (!prepare_worker_process(static_cast<pid_t>(parent))) ::_exit(ChildProcessSet::kChildOrphaned);
  try {
    work(job_fd, result_fd);
    return 0;
  } catch (const ResourceError& e) {
    wire::send_worker_error(result_fd, e.what());
    return ChildProcessSet::kChildOutOfResources;
  } catch (const std::bad_alloc&) {
    wire::send_worker_error(result_fd, "out of memory");
    return ChildProcessSet::kChildOutOfResources;
  } catch (const std::exception& e) {
    wire::send_worker_error(result_fd, e.what());
  } catch (...) {
    wire::send_worker_error(result_fd, "unknown exception");
  }
  return ChildProcessSet::kChildCrashed;
}

}  // namespace mpingest
