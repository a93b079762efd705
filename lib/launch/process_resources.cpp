#include "launch/process_resources.h"

namespace mpingest {

bool spec_needs_segment(const JobSpec& spec, std::size_t job_bytes) {
  return job_bytes > 0 || dispatch_needs_queue(spec.dispatch.strategy) || transport_needs_segment(spec.ipc);
}

ProcessResources::ProcessResources(const JobSpec& spec, std::size_t job_bytes) {
  if (spec_needs_segment(spec, job_bytes)) {
    SegmentLayout layout;
    layout.job_size = job_bytes;
    if (transport_needs_segment(spec.ipc)) {
      layout.slot_count = static_cast<std::size_t>(spec.workers());
      // Any worker may end up with every item under queue dispatch.
      layout.slot_size = result_slot_size(spec.items.size());
      if (spec.records != nullptr) {
        layout.ring_count = static_cast<std::size_t>(spec.workers());
        layout.ring_size = kRecordRingBytes;
      }
    }
    segment_ = SharedSegment::create(layout);
  }
  dispatcher_ = make_dispatcher(spec.dispatch, segment_ ? &segment_->queue() : nullptr);
  transport_ = make_transport(spec.ipc, segment_.get());
}

}  // namespace mpingest
