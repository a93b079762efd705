#include "launch/spawn_launcher.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>

#include "common/system_error.h"
#include "corpus/mapped_item_table.h"
#include "ipc/archive.h"
#include "ipc/frame_codec.h"
#include "launch/child_process_set.h"
#include "launch/process_resources.h"
#include "launch/process_rounds.h"
#include "launch/spawn_job.h"
#include "launch/streamed_item_table.h"

namespace mpingest {
namespace {

std::string this_executable() {
  char path[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n < 0) throw system_error("readlink /proc/self/exe", errno);
  return std::string(path, static_cast<std::size_t>(n));
}

// What the parent writes to a worker's job pipe: the job frame, then, if the
// list is not in shared memory, the list's slices.
class JobFeed {
 public:
  JobFeed(std::string job_frame, const ItemList* streamed, std::size_t slice_items)
      : job_frame_(std::move(job_frame)) {
    if (streamed != nullptr) slices_.emplace(*streamed, slice_items);
  }
  std::string operator()() {
    if (!job_frame_.empty()) return std::move(job_frame_);
    return slices_ ? slices_->next() : std::string();
  }

 private:
  std::string job_frame_;
  std::optional<ItemSliceFrames> slices_;
};

}  // namespace

LaunchOutcome SpawnLauncher::run(const JobSpec& spec) {
  // With shared memory, one flat image of the list is placed in the segment
  // once and every worker reads it in place (corpus/mapped_item_table.h).
  // Over a pipe, each worker is streamed the list slice by slice as it reads
  // (launch/streamed_item_table.h): no worker ever holds all of it.
  const bool items_in_segment = transport_needs_segment(spec.ipc);
  std::string image = items_in_segment ? encode_item_image(spec.items) : std::string();
  ProcessResources resources(spec, image.size(), 2);  // its result pipe and its job pipe
  SharedSegment& segment = *resources.segment();
  if (items_in_segment) std::memcpy(segment.job_area(), image.data(), image.size());
  const std::uint64_t items_bytes = image.size();
  std::string().swap(image);  // in the segment now; the parent's peak is what it costs
  std::string exe = spec.worker_executable.empty() ? this_executable() : spec.worker_executable;

  ChildProcessSet children;
  ProcessRounds rounds(spec, resources, children);
  return rounds.run([&](int position, const DispatchSpec& dispatch, const Dispatcher&, WorkerStatus*) {
    // The worker learns everything from this: its position (and so its status
    // slot, result slot and ring), what to process, and where the items are.
    SpawnJob spawn_job{position, spec.processing, dispatch, spec.ipc, segment.name(), items_in_segment, items_bytes};
    children.spawn(position, exe, {"worker", "--parent-pid", std::to_string(::getpid())},
                   JobFeed(wire::encode_frame(wire::FrameType::job, wire::to_archive(spawn_job)),
                           items_in_segment ? nullptr : &spec.items, spec.stream_slice_items),
                   dispatch_asks_parent(dispatch.strategy) ? resources.request_fd(position) : -1);
  });
}

}  // namespace mpingest
