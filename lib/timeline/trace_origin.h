#pragma once
// Time 0 of a run's trace: the earliest moment it holds (the run's start,
// or before it: an MPI rank's start-up began when mpirun started it).

#include <algorithm>
#include <cstdint>

#include "run/run_trace.h"

namespace mpingest {

inline std::int64_t trace_origin_ns(const RunTrace& trace) {
  std::int64_t origin = trace.start_ns;
  for (const WorkerTrack& worker : trace.workers) {
    for (const TraceSpan& span : worker.spans) origin = std::min(origin, span.start_ns);
  }
  return origin;
}

}  // namespace mpingest
