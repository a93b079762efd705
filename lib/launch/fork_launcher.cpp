#include "launch/fork_launcher.h"

#include "launch/child_process_set.h"
#include "launch/process_resources.h"
#include "launch/process_rounds.h"
#include "transport/pipe_checkpoint_sink.h"

namespace mpingest {

LaunchOutcome ForkLauncher::run(const JobSpec& spec) {
  ProcessResources resources(spec);
  WorkerTransport& transport = resources.worker_transport();  // the children inherit it
  bool emit = spec.records != nullptr;
  ChildProcessSet children;
  ProcessRounds rounds(spec, resources, children);
  return rounds.run([&](int position, const DispatchSpec&, const Dispatcher& dispatcher, WorkerStatus* status) {
    // The child inherits everything it needs: the items, the dispatcher, its status slot.
    children.start(position, [&spec, &transport, &dispatcher, emit, position, status](int pipe_fd) {
      WorkerContext context{spec.items, spec.processing, find_task(spec.processing.task), dispatcher, nullptr, status};
      std::unique_ptr<RecordSink> records = emit ? transport.record_sink(position, pipe_fd) : nullptr;
      std::unique_ptr<CheckpointSink> checkpoints =
          spec.checkpoints != nullptr ? make_pipe_checkpoint_sink(pipe_fd) : nullptr;
      context.checkpoints = checkpoints.get();
      transport.send(position, run_worker(context, position, records.get()), pipe_fd);
      return 0;
    });
  });
}

}  // namespace mpingest
