#pragma once
// --timeline FILE.svg: a run drawn as a Gantt chart, the seed's
// "translators" picture from a real run. One row for the parent's phases,
// one per worker; time runs left to right; a worker's bar is filled in the
// colours of what it did in each pixel's slice of time (reading, working,
// waiting, IPC), stacked in proportion, so idle time is blank whatever the
// trace's detail. The straggler and the run's critical path are labelled.
// Several runs can share one time axis, one above the other (block against
// queue on a skewed corpus).

#include <cstdint>
#include <string>
#include <vector>

#include "run/run_trace.h"

namespace mpingest {

struct GanttPanel {
  std::string title;     // e.g. "fork, block, 2 workers"
  const RunTrace* trace = nullptr;
};

// What the chart says about a run, in words and numbers (also used by tests).
struct TimelineSummary {
  int straggler = -1;             // the worker that finished last (-1: no worker)
  double straggler_lead_s = 0;    // how long after the first worker to finish
  std::vector<std::string> critical_path;  // its parts, in order, with their durations
  double wall_s = 0;
};
TimelineSummary summarize_timeline(const RunTrace& trace);

// Standalone SVG, 1600 px wide, text large enough to read when projected.
std::string render_gantt_svg(const std::vector<GanttPanel>& panels);

}  // namespace mpingest
