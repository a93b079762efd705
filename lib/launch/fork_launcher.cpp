#include "launch/fork_launcher.h"

#include <optional>

#include "common/stopwatch.h"
#include "ipc/pipe_writer.h"
#include "ipc/result_codec.h"
#include "launch/child_process_set.h"

namespace mpingest {

LaunchOutcome ForkLauncher::run(const WorkerJob& job) {
  LaunchOutcome outcome;
  auto n = static_cast<std::size_t>(job.workers);
  std::vector<std::optional<ShardResult>> results(n);
  std::vector<std::string> worker_errors(n);
  std::vector<double> decode_s(n, 0.0);

  ChildProcessSet children;
  auto start = SteadyClock::now();
  for (int w = 0; w < job.workers; ++w) {
    children.start(w, [&job, w](int write_fd) {
      wire::send_result(write_fd, run_worker(job, w));
      return 0;
    });
  }
  outcome.launch_s = seconds_since(start);
  auto work_start = SteadyClock::now();

  std::vector<ChildExit> exits = children.wait_all([&](int id, wire::Frame&& frame) {
    auto w = static_cast<std::size_t>(id);
    if (frame.type == wire::FrameType::worker_error) {
      worker_errors[w] = frame.payload;
      return;
    }
    ScopedTimer timer(decode_s[w]);
    results[w] = wire::deserialize_result(frame.payload);
  });
  outcome.work_s = seconds_since(work_start);

  for (const ChildExit& exit : exits) {
    auto w = static_cast<std::size_t>(exit.id);
    if (exit.exited_cleanly() && results[w]) {
      ShardResult& shard = *results[w];
      shard.stats.ipc_bytes = exit.bytes_received;
      shard.stats.ipc_s = decode_s[w];
      outcome.shards.push_back(std::move(shard));
      continue;
    }
    std::string what = exit.describe();
    if (!worker_errors[w].empty()) what += ": " + worker_errors[w];
    if (exit.exited_cleanly()) what = "exited without sending its result";
    outcome.failures.push_back({exit.id, exit.pid, what});
  }
  return outcome;
}

}  // namespace mpingest
