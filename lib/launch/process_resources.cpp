#include "launch/process_resources.h"

#include "common/resource_limits.h"
#include "launch/run_segment.h"

namespace mpingest {

ProcessResources::ProcessResources(const JobSpec& spec, std::size_t job_bytes, std::size_t descriptors_per_worker) {
  auto workers = static_cast<std::size_t>(spec.workers());
  // The parent holds a worker's pipes while it runs, and a few more while
  // it starts one: checked now, not found out at worker 600.
  const std::string what = "--shards " + std::to_string(workers);
  // --dispatch request: the parent holds both ends of a socket pair per worker.
  if (dispatch_asks_parent(spec.dispatch.strategy)) descriptors_per_worker += 2;
  ensure_descriptors(workers * descriptors_per_worker + kDescriptorsWhileStarting, what);
  ensure_processes(workers, what);
  SegmentLayout layout;
  layout.job_size = job_bytes;
  layout.cell_count = workers;  // always: every process worker publishes its status
  if (transport_needs_segment(spec.ipc)) {
    layout.slot_count = workers;
    layout.slot_size = result_slot_size((spec.items.size() + workers - 1) / workers);
    if (spec.records != nullptr) {
      layout.ring_count = workers;
      layout.ring_size = record_ring_size(workers);
    }
  }
  segment_ = create_run_segment(layout);
  dispatch_ = make_run_dispatcher(spec.dispatch, &run_queue(*segment_), /*start_server=*/false);
  worker_transport_ = make_worker_transport(spec.ipc, segment_.get());
  parent_transport_ = make_parent_transport(spec.ipc, segment_.get());
}

}  // namespace mpingest
