#include "launch/serial_launcher.h"

#include <optional>

#include "common/interrupt.h"
#include "common/stopwatch.h"
#include "launch/run_dispatcher.h"
#include "common/system_error.h"
#include "launch/progress_ticker.h"
#include "launch/stop_deadline.h"
#include "output/shared_record_writer.h"

namespace mpingest {

LaunchOutcome SerialLauncher::run(const JobSpec& spec) {
  LaunchOutcome outcome;
  WorkQueueState queue;
  RunDispatcher dispatch = make_run_dispatcher(spec.dispatch, &queue);  // request: its server answers until we return
  std::unique_ptr<Dispatcher>& dispatcher = dispatch.dispatcher;
  std::vector<WorkerStatus> statuses(static_cast<std::size_t>(spec.workers()));
  std::atomic<bool> abandon{false};
  auto start = SteadyClock::now();
  outcome.work_start_ns = steady_ns();
  std::optional<SharedRecordWriter> shared;
  if (spec.records != nullptr) shared.emplace(*spec.records, &abandon);
  {
    StopDeadline deadline([&spec] {
      if (spec.progress != nullptr) spec.progress->clear();
    });
    // The worker runs on this thread, so the progress line needs one of its own.
    ProgressTicker ticker({spec.progress, addresses_of(statuses)});
    for (int w = 0; w < spec.workers() && !abandon.load(std::memory_order_relaxed); ++w) {
      WorkerContext context{spec.items, spec.processing, find_task(spec.processing.task), *dispatcher, nullptr, &statuses[static_cast<std::size_t>(w)],
                            &abandon};
      std::unique_ptr<RecordSink> records = shared ? shared->sink() : nullptr;
      std::unique_ptr<CheckpointSink> checkpoints = spec.checkpoints != nullptr ? spec.checkpoints->sink() : nullptr;
      context.checkpoints = checkpoints.get();
      outcome.shards.push_back(run_worker(context, w, records.get()));
    }
  }
  if (shared) shared->rethrow_if_failed();
  throw_if_workers_stopped(statuses, spec.items.size());
  outcome.work_s = seconds_since(start);
  return outcome;
}

}  // namespace mpingest
