#pragma once
// The parent's side of collecting process workers' results, shared by the
// fork and spawn launchers: frames from the pipes as they arrive, then, once
// every worker is reaped, results that travelled outside the pipe, and a
// failure entry for every worker that did not deliver.

#include <optional>
#include <string>
#include <vector>

#include "transport/result_transport.h"
#include "launch/checkpoint_collector.h"
#include "launch/child_process_set.h"
#include "launch/process_set.h"
#include "launch/launcher.h"
#include "launch/progress_feed.h"
#include "output/record_writer.h"

namespace mpingest {

class ResultCollector {
 public:
  // With `records`, `records` frames are written there as they arrive, and
  // workers that are ahead are paused while its reorder buffer is full.
  // `statuses` (one per worker) name the item a failed worker was on; with
  // `timeout_s` > 0 a worker whose heartbeat is older than that is killed.
  // `task` decodes the partials in the workers' results.
  // With `checkpoints`, `checkpoint` frames go there (--journal).
  ResultCollector(int workers, ParentTransport& transport, const Task& task, RecordWriter* records = nullptr,
                  std::vector<WorkerStatus*> statuses = {}, double timeout_s = 0,
                  CheckpointCollector* checkpoints = nullptr);

  // Feeds `meter` from the status slots about every 100 ms while waiting,
  // from the parent's event loop (no thread: the parent forks), counting
  // `base_items` and `base_bytes` as done already (earlier rounds).
  void show_progress(ProgressMeter* meter, std::uint64_t base_items, std::uint64_t base_bytes);

  // Pulls the events of `children` until every one is reaped, decoding what
  // they send, then fills outcome.shards, outcome.failures and
  // outcome.work_s (until every result is decoded, so that IPC time lies
  // within it).
  void collect(ProcessSet& children, LaunchOutcome& outcome);

 private:
  void on_frame(int worker, wire::Frame&& frame);
  void finish(std::vector<ChildExit>& exits, LaunchOutcome& outcome);
  // Every ~100 ms while waiting: rings, the watchdog, the progress line.
  void on_tick(ProcessSet& children);
  void decode(int worker, const wire::Frame& frame);
  // Takes records into the writer, noting the last item each worker delivered.
  bool take_record(int worker, std::uint64_t item, std::string_view record, bool respect_pause);
  // Drains every ring whose worker is not paused, until nothing moves.
  void drain_rings(bool respect_pause);
  // The --timeout watchdog: kills workers whose heartbeat is too old.
  void check_heartbeats(ProcessSet& children);
  // Whether the parent is holding worker `w` back (its reorder buffer is
  // full and the worker is ahead): waiting on the parent is not hanging.
  bool held_by_parent(int w) const;
  // A worker failed: the next item in order may have died with it, so
  // nobody is paused for the rest of the round (RecordWriter).
  void release_paused_workers();

  ParentTransport& transport_;
  const Task& task_;
  RecordWriter* records_;
  CheckpointCollector* checkpoints_;
  std::vector<std::int64_t> last_record_item_;  // per worker, -1 before its first record
  int workers_;
  std::vector<WorkerStatus*> statuses_;
  double timeout_s_;
  std::vector<double> timed_out_after_s_;  // per worker: > 0 if the watchdog killed it
  std::vector<std::int64_t> held_until_ns_;  // per worker: silence before this does not count
  std::int64_t last_tick_ns_ = 0;
  bool released_ = false;
  std::vector<std::optional<ShardResult>> results_;
  std::vector<std::string> worker_errors_;
  std::vector<double> decode_s_;
  std::vector<std::uint64_t> result_bytes_;
  std::vector<std::int64_t> arrived_ns_;  // per worker: when its result frame came whole off the pipe
  ProgressFeed progress_;
};

}  // namespace mpingest
