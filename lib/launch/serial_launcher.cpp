#include "launch/serial_launcher.h"

#include "common/stopwatch.h"

namespace mpingest {

LaunchOutcome SerialLauncher::run(const JobSpec& spec) {
  LaunchOutcome outcome;
  WorkQueueState queue;
  std::unique_ptr<Dispatcher> dispatcher = make_dispatcher(spec.dispatch, &queue);
  WorkerContext context{spec.items, spec.processing, *dispatcher};
  auto start = SteadyClock::now();
  for (int w = 0; w < spec.workers(); ++w) outcome.shards.push_back(run_worker(context, w));
  outcome.work_s = seconds_since(start);
  return outcome;
}

}  // namespace mpingest
