#include "run/run_trace.h"

#include "run/run_job.h"

#include <algorithm>
#include <utility>

namespace mpingest {
namespace {

std::int64_t to_ns(double seconds) { return static_cast<std::int64_t>(seconds * 1e9); }

}  // namespace

WorkerTrack worker_track(ShardResult& shard, int first_replacement) {
  const WorkerStats& stats = shard.stats;
  WorkerTrack track;
  track.worker = stats.worker;
  track.pid = stats.pid;
  track.host = stats.host;
  track.replacement = stats.worker >= first_replacement;
  track.ready_ns = stats.ready_ns;
  track.exited_ns = stats.exited_ns;
  track.started_ns = stats.ready_ns - to_ns(stats.total_s);
  if (stats.setup_s > 0)
    track.spans.push_back({TraceKind::setup, track.started_ns - to_ns(stats.setup_s), track.started_ns});
  track.spans.insert(track.spans.end(), shard.trace.begin(), shard.trace.end());
  shard.trace.clear();
  if (stats.send_s > 0)
    track.spans.push_back({TraceKind::send_result, stats.ready_ns, stats.ready_ns + to_ns(stats.send_s), 0, stats.ipc_bytes});
  return track;
}

std::string trace_title(const RunConfig& c, int workers) {
  std::string title = std::string(launch_mode_name(c.mode)) + (c.gil ? " --gil" : "");
  if (workers > 1 || launch_mode_workers_are_ranks(c.mode)) {
    title += ", " + std::string(dispatch_strategy_name(c.dispatch));
    if (dispatch_uses_batches(c.dispatch)) title += " (batch " + std::to_string(c.batch) + ")";
  }
  title += ", " + std::to_string(workers) + (workers == 1 ? " worker" : " workers") + ", --task " + c.processing.task;
  return title;
}

void add_failures(RunTrace& trace, const std::vector<WorkerFailure>& failures) {
  if (!trace.on()) return;
  for (const WorkerFailure& failure : failures) {
    const bool timed_out = failure.what.rfind("timed out", 0) == 0;
    std::string detail = failure.what;
    if (failure.suspect_item >= 0) detail += "; on item " + std::to_string(failure.suspect_item);
    detail += failure.recovered ? "; its items were re-run" : "; not recovered";
    trace.instants.push_back({timed_out ? "timeout" : "failure", failure.at_ns, failure.worker, std::move(detail), failure.pid});
  }
}

}  // namespace mpingest
