#include "launch/serial_launcher.h"

#include "common/stopwatch.h"

namespace mpingest {

LaunchOutcome SerialLauncher::run(const WorkerJob& job) {
  LaunchOutcome outcome;
  auto start = SteadyClock::now();
  for (int w = 0; w < job.workers; ++w) outcome.shards.push_back(run_worker(job, w));
  outcome.work_s = seconds_since(start);
  return outcome;
}

}  // namespace mpingest
