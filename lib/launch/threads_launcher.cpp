#include "launch/threads_launcher.h"

#include <exception>
#include <optional>
#include <thread>

#include "common/stopwatch.h"
#include "launch/progress_ticker.h"
#include "run/shared_record_writer.h"

namespace mpingest {

LaunchOutcome ThreadsLauncher::run(const JobSpec& spec) {
  LaunchOutcome outcome;
  WorkQueueState queue;
  std::unique_ptr<Dispatcher> dispatcher = make_dispatcher(spec.dispatch, &queue);
  std::mutex gil;

  std::optional<SharedRecordWriter> shared;
  if (spec.records != nullptr) shared.emplace(*spec.records);
  auto n = static_cast<std::size_t>(spec.workers());
  std::vector<ShardResult> results(n);
  std::vector<std::exception_ptr> errors(n);
  std::vector<WorkerStatus> statuses(n);  // one cache line each: no false sharing
  std::vector<std::thread> threads;
  threads.reserve(n);
  auto start = SteadyClock::now();
  for (std::size_t w = 0; w < n; ++w) {
    threads.emplace_back([&, w] {
      try {
        WorkerContext context{spec.items, spec.processing, *dispatcher, spec.gil ? &gil : nullptr, &statuses[w]};
        std::unique_ptr<RecordSink> records = shared ? shared->sink() : nullptr;
        results[w] = run_worker(context, static_cast<int>(w), records.get());
      } catch (...) {
        errors[w] = std::current_exception();
      }
    });
  }
  outcome.launch_s = seconds_since(start);
  auto work_start = SteadyClock::now();
  {
    ProgressTicker ticker({spec.progress, addresses_of(statuses)});
    for (std::thread& t : threads) t.join();
  }
  outcome.work_s = seconds_since(work_start);

  for (std::size_t w = 0; w < n; ++w) {
    if (!errors[w]) {
      outcome.shards.push_back(std::move(results[w]));
      continue;
    }
    try {
      std::rethrow_exception(errors[w]);
    } catch (const std::exception& e) {
      outcome.failures.push_back({static_cast<int>(w), 0, std::string("thread failed: ") + e.what()});
    }
  }
  return outcome;
}

}  // namespace mpingest
