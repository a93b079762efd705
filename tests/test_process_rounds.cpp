// ProcessRounds, ResultCollector and RecoveryPlanner, driven item by item
// through a scripted process set (fake_process_set.h): which items a dead
// worker loses, who is blamed, when an item is poison, when the run gives
// up, and what a timeout kills. No process is forked.
#include <catch2/catch.hpp>
#include <functional>
#include <map>

#include "corpus/item_list.h"
#include "dispatch/static_dispatch.h"
#include "fake_process_set.h"
#include "launch/process_rounds.h"
#include "launch/recovery.h"
#include "mpingest/task_registry.h"
#include "tasks/capitals_task.h"
#include "test_support.h"

using namespace mpingest;

namespace {

ItemList items_of(std::size_t n) {
  ItemList items("/nowhere");
  for (std::size_t i = 0; i < n; ++i) items.add(std::to_string(i), ItemKind::regular);
  return items;
}

// What a worker that processed `items` sends: one capital per item, so the
// merged answer tells which items were counted and how often.
ShardResult result_of(int position, const std::vector<std::size_t>& items, const std::vector<std::uint64_t>& claims = {}) {
  ShardResult result;
  result.stats.worker = position;
  result.stats.items = items.size();
  result.totals.items = result.totals.messages = items.size();
  result.claimed_batches = claims;
  result.partial = capitals_task().make_partial();
  capitals_counts(*result.partial).capitals = items.size();
  return result;
}

// A worker's script: given its position, the items its cursor yields (taken
// as it would take them) and its status slot, it queues what happens.
using Script = std::function<void(test::FakeProcessSet&, int round, int position, const std::vector<std::size_t>& items,
                                  WorkerStatus* status)>;

struct Harness {
  explicit Harness(std::size_t n, std::string strategy = "rr", int workers = 3, int retries = 1, double timeout_s = 0)
      : items(items_of(n)), spec{items, ProcessingOptions{}, DispatchSpec{parse_dispatch_strategy(strategy), n, workers, 2}} {
    spec.retries = retries;
    spec.timeout_s = timeout_s;
  }

  LaunchOutcome run(const Script& script) {
    ProcessResources resources(spec);
    ProcessRounds rounds(spec, resources, children);
    int round = -1;
    return rounds.run([&](int position, const DispatchSpec& dispatch, const Dispatcher& dispatcher, WorkerStatus* status) {
      if (position == 0) ++round;
      std::vector<std::size_t> mine;
      std::vector<std::uint64_t> claims;
      auto cursor = dispatcher.cursor(position);
      for (std::size_t index; cursor->next(index);) mine.push_back(index);
      if (dispatch_needs_queue(dispatch.strategy)) claims = cursor->claimed_batches();
      children.started(position);
      script(children, round, position, mine, status);
      claimed[position] = claims;
    });
  }

  ItemList items;
  JobSpec spec;
  test::FakeProcessSet children;
  std::map<int, std::vector<std::uint64_t>> claimed;
};

std::uint64_t delivered_items(const LaunchOutcome& outcome) {
  std::uint64_t sum = 0;
  for (const ShardResult& shard : outcome.shards) sum += capitals_counts(*shard.partial).capitals;
  return sum;
}

}  // namespace

TEST_CASE("process rounds: every worker delivers, one round, nothing lost", "[rounds]") {
  Harness h(10);
  LaunchOutcome outcome = h.run([](test::FakeProcessSet& set, int, int position, const std::vector<std::size_t>& items,
                                   WorkerStatus*) {
    set.send_result(position, result_of(position, items));
    set.exit(position, 0);
  });
  CHECK(h.children.starts == 3);
  CHECK(outcome.failures.empty());
  CHECK(outcome.unprocessed.empty());
  REQUIRE(outcome.shards.size() == 3);
  CHECK(delivered_items(outcome) == 10);
  CHECK(outcome.shards[1].stats.ipc_bytes > 0);  // the collector measured what it decoded
}

TEST_CASE("process rounds: a worker killed between items is replaced and its items re-run", "[rounds]") {
  Harness h(10);
  LaunchOutcome outcome = h.run([](test::FakeProcessSet& set, int round, int position,
                                   const std::vector<std::size_t>& items, WorkerStatus*) {
    if (round == 0 && position == 1) return set.die(position, SIGKILL);  // no item in hand: no suspect
    set.send_result(position, result_of(position, items));
    set.exit(position, 0);
  });
  CHECK(h.children.starts == 4);  // three, then one replacement
  REQUIRE(outcome.failures.size() == 1);
  const WorkerFailure& f = outcome.failures[0];
  CHECK(f.worker == 1);
  CHECK(f.what == "killed by signal 9 (Killed)");
  CHECK(f.suspect_item == -1);
  CHECK(f.lost_items == 3);  // rr over 3 workers: items 1, 4, 7
  CHECK(f.recovered);
  CHECK(outcome.unprocessed.empty());
  CHECK(delivered_items(outcome) == 10);
  CHECK(outcome.shards.back().stats.worker == 3);  // numbered after the first round's three
}

TEST_CASE("process rounds: an item that takes down every worker it meets is poison, the rest goes on", "[rounds]") {
  Harness h(10, "rr", 3, /*retries=*/1);
  LaunchOutcome outcome = h.run([](test::FakeProcessSet& set, int, int position, const std::vector<std::size_t>& items,
                                   WorkerStatus* status) {
    for (std::size_t item : items) {
      if (item == 4) {
        status->current_item = item + 1;  // the worker was on item 4 when it died
        return set.die(position, SIGSEGV);
      }
    }
    set.send_result(position, result_of(position, items));
    set.exit(position, 0);
  });
  REQUIRE(outcome.poison.size() == 1);
  CHECK(outcome.poison[0].item == 4);
  CHECK(outcome.poison[0].reason.find("poison: took down 2 workers") == 0);
  REQUIRE(outcome.failures.size() == 2);
  CHECK(outcome.failures[0].suspect_item == 4);
  CHECK(outcome.failures[1].suspect_item == 4);
  CHECK(outcome.unprocessed.empty());
  CHECK(delivered_items(outcome) == 9);  // everything but the poison, each once
}

TEST_CASE("process rounds: failures with no one to blame are retried --retries times, then given up on", "[rounds]") {
  Harness h(6, "block", 2, /*retries=*/2);
  LaunchOutcome outcome = h.run([](test::FakeProcessSet& set, int, int position, const std::vector<std::size_t>& items,
                                   WorkerStatus*) {
    if (std::find(items.begin(), items.end(), 5) != items.end()) return set.exit(position, 1);
    set.send_result(position, result_of(position, items));
    set.exit(position, 0);
  });
  CHECK(outcome.failures.size() == 3);  // the first failure, then two retries
  CHECK_FALSE(outcome.failures.back().recovered);
  // block: worker 1 had 3, 4, 5, and its one replacement each round gets
  // them all again: with no suspect to isolate, all three are given up on.
  CHECK(outcome.unprocessed == std::vector<std::uint64_t>{3, 4, 5});
  CHECK(delivered_items(outcome) == 3);
}

TEST_CASE("process rounds: a worker that ends cleanly without its result is a failure that says so", "[rounds]") {
  Harness h(4, "rr", 2);
  LaunchOutcome outcome = h.run([](test::FakeProcessSet& set, int round, int position,
                                   const std::vector<std::size_t>& items, WorkerStatus*) {
    if (round == 0 && position == 0) {
      set.send(position, wire::FrameType::worker_error, "");
      return set.exit(position, 0);
    }
    set.send_result(position, result_of(position, items));
    set.exit(position, 0);
  });
  REQUIRE(outcome.failures.size() == 1);
  CHECK(outcome.failures[0].what == "exited without sending its result");
  CHECK(delivered_items(outcome) == 4);
}

TEST_CASE("process rounds: the watchdog kills a silent worker and blames its item", "[rounds]") {
  Harness h(6, "rr", 2, /*retries=*/1, /*timeout_s=*/0.5);
  LaunchOutcome outcome = h.run([](test::FakeProcessSet& set, int round, int position,
                                   const std::vector<std::size_t>& items, WorkerStatus* status) {
    if (round == 0 && position == 1) {
      status->current_item = items[0] + 1;
      status->heartbeat_ns = steady_ns() - 10'000'000'000;  // silent for ten seconds
      return set.hang(position);
    }
    set.send_result(position, result_of(position, items));
    set.exit(position, 0);
  });
  CHECK(h.children.kills == std::vector<int>{1});
  REQUIRE(outcome.failures.size() == 1);
  CHECK(outcome.failures[0].what.rfind("timed out: no progress for", 0) == 0);
  CHECK(outcome.failures[0].suspect_item == 1);
  CHECK(outcome.failures[0].recovered);
  CHECK(delivered_items(outcome) == 6);
}

TEST_CASE("recovery: queue dispatch loses exactly the batches no delivered result claimed", "[rounds]") {
  RecoveryPlanner planner(10, 1);
  DispatchSpec spec{DispatchStrategy::queue, 10, 3, 2};
  ListDispatcher unused({}, 1);
  std::vector<ShardResult> delivered;
  delivered.push_back(result_of(0, {0, 1, 6, 7}, {0, 6}));
  delivered.push_back(result_of(2, {4, 5}, {4}));
  CHECK(planner.lost_items(spec, unused, {1}, delivered) == std::vector<std::uint64_t>{2, 3, 8, 9});
}

TEST_CASE("recovery: a suspect is poison only after more than --retries crashes", "[rounds]") {
  RecoveryPlanner planner(10, 2);
  std::vector<ItemError> poison;
  std::vector<std::uint64_t> lost{3, 4};
  std::vector<WorkerFailure> failures{{0, 1, "killed", 3}};
  CHECK(planner.plan_next_round(failures, lost, poison));  // first crash
  CHECK(planner.plan_next_round(failures, lost, poison));  // second
  CHECK(poison.empty());
  CHECK(planner.plan_next_round(failures, lost, poison));  // third: poison, item 4 still to run
  REQUIRE(poison.size() == 1);
  CHECK(poison[0].item == 3);
  CHECK(lost == std::vector<std::uint64_t>{4});
}
