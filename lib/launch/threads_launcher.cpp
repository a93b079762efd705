#include "launch/threads_launcher.h"

#include <exception>
#include <optional>
#include <system_error>
#include <thread>

#include "common/interrupt.h"
#include "common/resource_limits.h"
#include "common/stopwatch.h"
#include "launch/run_dispatcher.h"
#include "common/test_hooks.h"
#include "common/system_error.h"
#include "dispatch/static_dispatch.h"
#include "launch/progress_ticker.h"
#include "launch/stop_deadline.h"
#include "launch/recovery.h"
#include "output/shared_record_writer.h"

namespace mpingest {
namespace {

std::string describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return std::string("thread failed: ") + e.what();
  } catch (...) {
    return "thread failed: unknown exception";
  }
}

// The item a failed worker was on; none when it ran out of a resource,
// which says nothing about the item.
std::int64_t suspect_of(const WorkerStatus& status, const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const ResourceError&) {
    return -1;
  } catch (const std::bad_alloc&) {
    return -1;
  } catch (...) {
  }
  std::uint64_t current = status.current_item.load(std::memory_order_relaxed);
  return current > 0 ? static_cast<std::int64_t>(current - 1) : -1;
}

}  // namespace

LaunchOutcome ThreadsLauncher::run(const JobSpec& spec) {
  auto erase_progress = [&spec] {
    if (spec.progress != nullptr) spec.progress->clear();
  };
  LaunchOutcome outcome;
  WorkQueueState queue;
  RunDispatcher dispatch = make_run_dispatcher(spec.dispatch, &queue);  // request: its server answers until we return
  std::unique_ptr<Dispatcher>& dispatcher = dispatch.dispatcher;
  std::mutex gil;
  std::atomic<bool> abandon{false};

  std::optional<SharedRecordWriter> shared;
  if (spec.records != nullptr) shared.emplace(*spec.records, &abandon);
  auto n = static_cast<std::size_t>(spec.workers());
  std::vector<ShardResult> results(n);
  std::vector<std::exception_ptr> errors(n);
  std::vector<WorkerStatus> statuses(n);  // one cache line each: no false sharing
  // Runs the cursor at `position` of `d`, reported as worker `id`.
  auto work = [&](int position, int id, const Dispatcher& d, WorkerStatus& status, std::mutex* lock) {
    WorkerContext context{spec.items, spec.processing, find_task(spec.processing.task), d, lock, &status, &abandon};
    std::unique_ptr<RecordSink> records = shared ? shared->sink() : nullptr;
    std::unique_ptr<CheckpointSink> checkpoints = spec.checkpoints != nullptr ? spec.checkpoints->sink() : nullptr;
    context.checkpoints = checkpoints.get();
    ShardResult shard = run_worker(context, position, records.get());
    shard.stats.worker = id;
    return shard;
  };

  // This thread only waits for the workers, keeping the stop deadline itself.
  WorkerLatch latch(static_cast<int>(n));
  std::vector<std::thread> threads;
  threads.reserve(n);
  std::string start_failure;
  auto start = SteadyClock::now();
  for (std::size_t w = 0; w < n && stop_requested() == 0; ++w) {
    test_slow_step("launch");
    try {
      threads.emplace_back([&, w] {
        try {
          int id = static_cast<int>(w);
          results[w] = work(id, id, *dispatcher, statuses[w], spec.gil ? &gil : nullptr);
        } catch (...) {
          errors[w] = std::current_exception();
          if (shared) shared->release();  // nobody may wait for this worker's records
        }
        latch.done();
      });
    } catch (const std::system_error& e) {
      // Out of threads (ulimit -u) or memory for a stack: stop those started.
      start_failure = "cannot start worker thread " + std::to_string(w + 1) + " of " + std::to_string(n) + ": " +
                      e.code().message() + process_limit_hint();
      abandon.store(true);
      break;
    }
  }
  outcome.launch_s = seconds_since(start);
  auto work_start = SteadyClock::now();
  outcome.work_start_ns = steady_ns();
  {
    ProgressTicker ticker({spec.progress, addresses_of(statuses)});
    for (std::size_t never = threads.size(); never < n; ++never) latch.never_started();
    latch.wait(erase_progress);
    for (std::thread& t : threads) t.join();
  }
  outcome.work_s = seconds_since(work_start);
  if (!start_failure.empty()) throw ResourceError(start_failure);
  if (shared) shared->rethrow_if_failed();
  throw_if_workers_stopped(statuses, spec.items.size());

  std::vector<WorkerFailure> failures;
  std::vector<int> failed_positions;
  for (std::size_t w = 0; w < n; ++w) {
    if (!errors[w]) {
      outcome.shards.push_back(std::move(results[w]));
    } else {
      failures.push_back({static_cast<int>(w), 0, describe(errors[w]), suspect_of(statuses[w], errors[w])});
      failures.back().at_ns = steady_ns();
      failed_positions.push_back(static_cast<int>(w));
    }
  }
  // A failed worker's items are re-run here, on this thread: the failed
  // threads and whatever they held (descriptors, an io_uring) are gone by
  // now. Up to --retries times, as for processes (launch/recovery.h).
  RecoveryPlanner planner(spec.items.size(), spec.retries);
  std::vector<std::uint64_t> lost = planner.lost_items(spec.dispatch, *dispatcher, failed_positions, outcome.shards);
  if (spec.checkpoints != nullptr) spec.checkpoints->drop_done(lost);
  int next_id = static_cast<int>(n);
  while (true) {
    for (WorkerFailure& failure : failures) failure.lost_items = lost.size();
    const std::size_t poisoned_before = outcome.poison.size();
    bool again = !failures.empty() && planner.plan_next_round(failures, lost, outcome.poison);
    if (spec.records != nullptr) {  // no thread is running now: the writer is this thread's
      for (std::size_t p = poisoned_before; p < outcome.poison.size(); ++p) spec.records->skip(outcome.poison[p].item);
    }
    for (WorkerFailure& failure : failures) {
      failure.recovered = again || lost.empty();
      outcome.failures.push_back(std::move(failure));
    }
    if (!again) {
      outcome.unprocessed = lost.empty() || failures.empty() ? std::vector<std::uint64_t>{} : lost;
      return outcome;
    }
    failures.clear();
    StopDeadline deadline(erase_progress);  // the re-run works on this thread
    ListDispatcher replacement(lost, 1);
    WorkerStatus status;
    try {
      ShardResult shard = work(0, next_id, replacement, status, nullptr);
      if (shared) shared->rethrow_if_failed();
      throw_if_stop_requested();
      outcome.shards.push_back(std::move(shard));
      lost.clear();
    } catch (const Interrupted&) {
      throw;
    } catch (const ResourceError&) {
      throw;  // even alone on this thread: the machine cannot run the job
    } catch (const std::bad_alloc&) {
      throw;
    } catch (...) {
      failures.push_back({next_id, 0, describe(std::current_exception()), suspect_of(status, std::current_exception())});
      failures.back().at_ns = steady_ns();
    }
    ++next_id;
  }
}

}  // namespace mpingest
