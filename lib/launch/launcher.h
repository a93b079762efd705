#pragma once
// How workers are started (--mode). Every launcher runs the same worker body
// (run_worker) over cursors of the same kind of Dispatcher; they differ only
// in where the workers live, where the queue lives, and how results return.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/resource_usage.h"
#include "corpus/item_list.h"
#include "dispatch/dispatcher.h"
#include "launch/checkpoint_collector.h"
#include "launch/launch_mode.h"
#include "output/progress_meter.h"
#include "output/record_writer.h"
#include "result/totals.h"
#include "transport/ipc_kind.h"
#include "mpingest/task_registry.h"
#include "worker/checkpoint_sink.h"
#include "worker/item_processor.h"
#include "worker/worker_status.h"

namespace mpingest {

// What the user asked for, independent of where the workers will live.
// spawn over a pipe: items per slice of the streamed list (launch/
// streamed_item_table.h). Small enough that a slice (~50 bytes an item) is a
// few pipe buffers, large enough that each frame's costs (header, checksum,
// a wake-up) vanish next to its items'.
constexpr std::size_t kDefaultStreamSliceItems = 2048;

struct JobSpec {
  const ItemList& items;
  ProcessingOptions processing;
  DispatchSpec dispatch;          // strategy, item count, workers, batch
  IpcKind ipc = IpcKind::pipe;    // process modes only
  bool gil = false;               // threads only: emulate CPython's GIL
  std::string worker_executable;  // spawn only: the mpingest binary; "" = this executable
  RecordWriter* records = nullptr;  // --emit: where the parent writes records (null: no --emit)
  int retries = 1;                  // process modes: re-runs of a dead worker's items (see recovery.h)
  double timeout_s = 0;             // process modes: kill a worker silent this long on one item (0: never)
  ProgressMeter* progress = nullptr;  // the parent's progress line, fed from the workers' status slots (null: none)
  std::size_t stream_slice_items = kDefaultStreamSliceItems;  // spawn over a pipe: items per slice sent
  CheckpointCollector* checkpoints = nullptr;  // --journal: where workers' checkpoints go (null: none)

  int workers() const { return dispatch.workers; }
};

// What one running worker holds.
struct WorkerContext {
  const ItemTable& items;
  const ProcessingOptions& processing;
  const Task& task;  // the processing.task named
  const Dispatcher& dispatcher;
  std::mutex* gil = nullptr;  // held while parsing and counting, released while reading
  WorkerStatus* status = nullptr;  // where the worker publishes its progress (every mode; null in tests)
  const std::atomic<bool>* abandon = nullptr;  // threads: set when the run gives up (e.g. a thread could not start)
  CheckpointSink* checkpoints = nullptr;  // --journal: where finished work goes as the worker runs (null: none)
};

// The worker body: processes every item of worker `worker`'s cursor,
// reporting records to `records` when given (flushed before returning).
// Stops early, between items, when a stop signal has been received
// (common/interrupt.h) or `context.abandon` is set: the caller then
// discards the result.
ShardResult run_worker(const WorkerContext& context, int worker, RecordSink* records = nullptr);

// In-process modes, after their workers returned: throws Interrupted if a
// stop signal came, saying how far the workers (their status slots) had got.
void throw_if_workers_stopped(const std::vector<WorkerStatus>& statuses, std::size_t items);

// A worker that did not deliver its result.
struct WorkerFailure {
  int worker = 0;
  std::int64_t pid = 0;
  std::string what;                 // e.g. "killed by signal 9 (Killed)"
  std::int64_t suspect_item = -1;   // the item it was processing when it died or hung, if known
  std::uint64_t lost_items = 0;     // items whose results died with it (re-run if recovered)
  bool recovered = false;           // its items were processed again by replacement workers
  std::int64_t at_ns = 0;           // steady_ns() when the parent saw it fail
};

struct LaunchOutcome {
  std::vector<ShardResult> shards;  // one per worker that delivered
  std::vector<WorkerFailure> failures;
  std::vector<ItemError> poison;             // items that crashed or hung workers repeatedly
  std::vector<std::uint64_t> unprocessed;    // items lost for good (the run then exits 3)
  double launch_s = 0;  // starting all workers (and, for spawn, sending them their job)
  double work_s = 0;    // from then until the last worker is done
  std::int64_t work_start_ns = 0;  // steady_ns() when the work began (launch_s before it)
  // What workers that are not this process or its children cost (MPI
  // ranks: their CPU time while working); getrusage cannot see it.
  ResourceUsage unreaped_usage;
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  virtual LaunchOutcome run(const JobSpec& spec) = 0;
  // How many workers run for `requested` (--shards): mpi's are its ranks.
  virtual int workers(int requested) const { return requested; }
};

std::unique_ptr<Launcher> make_launcher(LaunchMode mode);

}  // namespace mpingest
