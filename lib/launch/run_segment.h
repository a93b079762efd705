#pragma once
// What the run keeps in its shared segment's typed areas: the queue cursor in
// the control block and one WorkerStatus per cell. ipc/ carries bytes; the
// types live here, with the launch that shares them.

#include <memory>
#include <new>

#include "dispatch/dispatcher.h"
#include "ipc/shared_segment.h"
#include "worker/worker_status.h"

namespace mpingest {

static_assert(sizeof(WorkQueueState) <= kSegmentControlBytes, "the queue cursor lives in the control block");

// Creates the segment with a status cell per worker (layout.cell_count) and
// constructs the cursor and the statuses in it.
inline std::unique_ptr<SharedSegment> create_run_segment(SegmentLayout layout) {
  layout.cell_size = sizeof(WorkerStatus);
  std::unique_ptr<SharedSegment> segment = SharedSegment::create(layout);
  new (segment->control()) WorkQueueState{};
  for (std::size_t i = 0; i < layout.cell_count; ++i) new (segment->cell(i)) WorkerStatus{};
  return segment;
}

// The queue cursor of a segment made by create_run_segment (in any process).
inline WorkQueueState& run_queue(const SharedSegment& segment) {
  return *std::launder(static_cast<WorkQueueState*>(segment.control()));
}

// Worker status `index`, or nullptr if the segment has no such cell.
inline WorkerStatus* run_status(const SharedSegment& segment, std::size_t index) {
  return std::launder(static_cast<WorkerStatus*>(segment.cell(index)));
}

}  // namespace mpingest
