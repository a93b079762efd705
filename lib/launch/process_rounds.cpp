#include "launch/process_rounds.h"

#include "common/malloc_policy.h"
#include "common/stopwatch.h"
#include "common/test_hooks.h"
#include "common/system_error.h"
#include "dispatch/static_dispatch.h"
#include "launch/recovery.h"
#include "launch/result_collector.h"
#include "launch/run_segment.h"

namespace mpingest {
namespace {

// Fresh status, and a transport with nothing of an earlier round, for positions [0, k).
void reset_positions(SharedSegment& segment, ParentTransport& transport, int k) {
  for (int p = 0; p < k; ++p) {
    WorkerStatus* status = run_status(segment, static_cast<std::size_t>(p));
    status->current_item = 0;
    status->items_done = 0;
    status->bytes_done = 0;
    status->heartbeat_ns = steady_ns();  // the watchdog counts from the start
    transport.reset(p);
  }
}

}  // namespace

LaunchOutcome ProcessRounds::run(const StartWorker& start) {
  LaunchOutcome outcome;
  SharedSegment& segment = *resources_.segment();
  RecoveryPlanner planner(spec_.items.size(), spec_.retries);
  DispatchSpec dispatch = spec_.dispatch;
  std::unique_ptr<Dispatcher> replacement;  // rounds after the first
  const Dispatcher* dispatcher = &resources_.dispatcher();
  int first_id = 0;  // reported id of position 0 in this round

  for (int round = 0;; ++round) {
    int k = dispatch.workers;
    reset_positions(segment, resources_.parent_transport(), k);
    std::vector<WorkerStatus*> statuses;
    for (int p = 0; p < k; ++p) statuses.push_back(run_status(segment, static_cast<std::size_t>(p)));
    ResultCollector collector(k, resources_.parent_transport(), find_task(spec_.processing.task), spec_.records, statuses,
                              spec_.timeout_s, spec_.checkpoints);
    std::uint64_t delivered_items = 0, delivered_bytes = 0;
    for (const ShardResult& shard : outcome.shards) {
      delivered_items += shard.stats.items;
      delivered_bytes += shard.stats.bytes;
    }
    collector.show_progress(spec_.progress, delivered_items, delivered_bytes);

    auto start_time = SteadyClock::now();
    LaunchOutcome this_round;
    try {
      // A stop signal is looked for between starts: launching many workers
      // takes a while, and the signals are blocked outside the set's ppoll.
      for (int p = 0; p < k; ++p) {
        children_.check_stop();
        test_slow_step("launch");
        start(p, dispatch, *dispatcher, statuses[static_cast<std::size_t>(p)]);
      }
      if (round == 0) {
        resources_.start_serving();  // never a thread starting while a child forks
        keep_freed_memory_for_reading();  // no longer inherited by the first round
        outcome.launch_s = seconds_since(start_time);
        outcome.work_start_ns = steady_ns();
      }
      collector.collect(children_, this_round);
    } catch (Interrupted& stop) {
      // The workers are gone; say how far they had got.
      std::uint64_t done = 0;
      for (const ShardResult& shard : outcome.shards) done += shard.stats.items;
      for (WorkerStatus* status : statuses) done += status->items_done.load(std::memory_order_relaxed);
      stop.set_progress("workers had processed " + std::to_string(done) + " of " + std::to_string(spec_.items.size()) +
                        " items; their unsent results were discarded");
      throw;
    }
    outcome.work_s += this_round.work_s;

    std::vector<int> failed_positions;
    for (WorkerFailure& failure : this_round.failures) failed_positions.push_back(failure.worker);
    std::vector<std::uint64_t> lost = planner.lost_items(dispatch, *dispatcher, failed_positions, this_round.shards);
    if (spec_.checkpoints != nullptr) spec_.checkpoints->drop_done(lost);
    for (WorkerFailure& failure : this_round.failures) failure.lost_items = lost.size();
    const std::size_t poisoned_before = outcome.poison.size();
    bool again = !this_round.failures.empty() && planner.plan_next_round(this_round.failures, lost, outcome.poison);
    // A poison item ends without a record: the writer must not wait for it.
    if (spec_.records != nullptr) {
      for (std::size_t p = poisoned_before; p < outcome.poison.size(); ++p) spec_.records->skip(outcome.poison[p].item);
    }

    for (ShardResult& shard : this_round.shards) {
      shard.stats.worker += first_id;
      outcome.shards.push_back(std::move(shard));
    }
    for (WorkerFailure& failure : this_round.failures) {
      failure.worker += first_id;
      failure.recovered = again || lost.empty();
      outcome.failures.push_back(std::move(failure));
    }
    if (!again) {
      outcome.unprocessed = lost.empty() || this_round.failures.empty() ? std::vector<std::uint64_t>{} : lost;
      return outcome;
    }
    // Replacement workers: as many as failed, at most one per lost item.
    first_id += k;
    int replacements = static_cast<int>(std::min<std::size_t>(failed_positions.size(), lost.size()));
    dispatch = DispatchSpec{DispatchStrategy::list, spec_.items.size(), replacements, spec_.dispatch.batch, std::move(lost)};
    replacement = std::make_unique<ListDispatcher>(dispatch.items, dispatch.workers);
    dispatcher = replacement.get();
  }
}

}  // namespace mpingest
