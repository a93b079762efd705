#include "launch/process_resources.h"

namespace mpingest {

ProcessResources::ProcessResources(const JobSpec& spec, std::size_t job_bytes) {
  auto workers = static_cast<std::size_t>(spec.workers());
  SegmentLayout layout;
  layout.job_size = job_bytes;
  layout.status_count = workers;  // always: every process worker publishes its status
  if (transport_needs_segment(spec.ipc)) {
    layout.slot_count = workers;
    layout.slot_size = result_slot_size(spec.items.size());  // under queue dispatch one worker may get every item
    if (spec.records != nullptr) {
      layout.ring_count = workers;
      layout.ring_size = kRecordRingBytes;
    }
  }
  segment_ = SharedSegment::create(layout);
  dispatcher_ = make_dispatcher(spec.dispatch, &segment_->queue());
  transport_ = make_transport(spec.ipc, segment_.get());
}

}  // namespace mpingest
