#include "launch/serial_launcher.h"

#include <optional>

#include "common/stopwatch.h"
#include "launch/progress_ticker.h"
#include "run/shared_record_writer.h"

namespace mpingest {

LaunchOutcome SerialLauncher::run(const JobSpec& spec) {
  LaunchOutcome outcome;
  WorkQueueState queue;
  std::unique_ptr<Dispatcher> dispatcher = make_dispatcher(spec.dispatch, &queue);
  std::vector<WorkerStatus> statuses(static_cast<std::size_t>(spec.workers()));
  auto start = SteadyClock::now();
  std::optional<SharedRecordWriter> shared;
  if (spec.records != nullptr) shared.emplace(*spec.records);
  {
    // The worker runs on this thread, so the progress line needs one of its own.
    ProgressTicker ticker({spec.progress, addresses_of(statuses)});
    for (int w = 0; w < spec.workers(); ++w) {
      WorkerContext context{spec.items, spec.processing, *dispatcher, nullptr, &statuses[static_cast<std::size_t>(w)]};
      std::unique_ptr<RecordSink> records = shared ? shared->sink() : nullptr;
      outcome.shards.push_back(run_worker(context, w, records.get()));
    }
  }
  outcome.work_s = seconds_since(start);
  return outcome;
}

}  // namespace mpingest
