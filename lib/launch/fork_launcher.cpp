#include "launch/fork_launcher.h"

#include "common/stopwatch.h"
#include "launch/process_resources.h"
#include "launch/result_collector.h"

namespace mpingest {

LaunchOutcome ForkLauncher::run(const JobSpec& spec) {
  LaunchOutcome outcome;
  ProcessResources resources(spec);
  WorkerContext context{spec.items, spec.processing, resources.dispatcher()};
  ResultTransport& transport = resources.transport();
  ResultCollector collector(spec.workers(), transport, spec.records);
  bool emit = spec.records != nullptr;

  ChildProcessSet children;
  auto start = SteadyClock::now();
  for (int w = 0; w < spec.workers(); ++w) {
    children.start(w, [&context, &transport, emit, w](int pipe_fd) {
      std::unique_ptr<RecordSink> records = emit ? transport.record_sink(w, pipe_fd) : nullptr;
      transport.send(w, run_worker(context, w, records.get()), pipe_fd);
      return 0;
    });
  }
  outcome.launch_s = seconds_since(start);
  collector.collect(children, outcome);
  return outcome;
}

}  // namespace mpingest
