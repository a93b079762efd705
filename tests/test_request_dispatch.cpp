// --dispatch request: workers ask the parent for each batch over a socket
// of their own. Every item is handed out exactly once, in batches, whatever
// the number of workers asking at once; a worker that stops asking does not
// stop the others; and a run with it gives every other dispatch's answer
// (tests/test_matrix.cpp runs it in every mode, transport and batch).
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "dispatch/request_dispatch.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;

TEST_CASE("a request server hands every item out once, in batches, to workers asking at once", "[dispatch]") {
  const std::size_t items = 1000;
  const int workers = 4;
  RequestServer server(items, 7, workers);
  server.start();
  std::unique_ptr<Dispatcher> dispatcher = server.dispatcher();
  std::vector<std::vector<std::size_t>> taken(workers);
  std::vector<std::uint64_t> claims(workers);
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      std::unique_ptr<ItemCursor> cursor = dispatcher->cursor(w);
      std::size_t index = 0;
      while (cursor->next(index)) taken[static_cast<std::size_t>(w)].push_back(index);
      claims[static_cast<std::size_t>(w)] = cursor->claims();
      CHECK(cursor->claimed_batches().size() == cursor->claims());
    });
  }
  for (std::thread& t : threads) t.join();
  std::vector<std::size_t> all;
  std::uint64_t total_claims = 0;
  for (int w = 0; w < workers; ++w) {
    all.insert(all.end(), taken[static_cast<std::size_t>(w)].begin(), taken[static_cast<std::size_t>(w)].end());
    total_claims += claims[static_cast<std::size_t>(w)];
  }
  std::sort(all.begin(), all.end());
  REQUIRE(all.size() == items);
  for (std::size_t i = 0; i < items; ++i) CHECK(all[i] == i);
  CHECK(total_claims == (items + 6) / 7);
  // Each worker also asked once more, and heard "no more".
  CHECK(server.answered() == total_claims + workers);
}

TEST_CASE("a request server goes on answering when one worker's socket is gone", "[dispatch]") {
  RequestServer server(100, 10, 2);
  server.start();
  // Worker 0 asks and then vanishes mid-conversation: its socket is shut.
  ::shutdown(server.worker_fd(0), SHUT_RDWR);
  std::unique_ptr<ItemCursor> cursor = server.dispatcher()->cursor(1);
  std::size_t index = 0, count = 0;
  while (cursor->next(index)) ++count;
  CHECK(count == 100);
}

TEST_CASE("dispatch by request gives serial's answer and counts one claim a batch", "[dispatch]") {
  RunConfig serial;
  serial.input = test::generated_corpus().string();
  serial.mode = LaunchMode::serial;
  RunReport expected = run_job(serial);
  for (LaunchMode mode : {LaunchMode::threads, LaunchMode::fork, LaunchMode::spawn}) {
    RunConfig c = serial;
    c.mode = mode;
    c.shards = 3;
    c.dispatch = DispatchStrategy::request;
    c.batch = 5;
    c.worker_executable = MPINGEST_BINARY;
    RunReport got = run_job(c);
    INFO(launch_mode_name(mode));
    CHECK(got.totals == expected.totals);
    CHECK(got.task_report.json == expected.task_report.json);
    std::uint64_t claims = 0;
    for (const WorkerStats& w : got.workers) claims += w.claims;
    CHECK(claims == (expected.totals.items + 4) / 5);
  }
}
