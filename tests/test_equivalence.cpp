// Every launch mode and shard count gives exactly the serial answer, and
// leaves no child process behind.
#include <catch2/catch.hpp>

#include "run/run_job.h"
#include "task_results.h"
#include "test_support.h"

using namespace mpingest;

namespace {

RunReport run(const std::string& input, const std::string& mode, int shards, const std::string& dispatch = "rr") {
  RunConfig config;
  config.input = input;
  config.mode = parse_launch_mode(mode);
  config.shards = shards;
  config.dispatch = parse_dispatch_strategy(dispatch);
  return run_job(config);
}

void require_same_answer(const RunReport& got, const RunReport& serial) {
  CHECK(got.complete());
  CHECK(got.totals == serial.totals);
  CHECK(test::capitals(got) == test::capitals(serial));
  CHECK(got.task_report == serial.task_report);
  REQUIRE(got.errors.size() == serial.errors.size());
  for (std::size_t i = 0; i < got.errors.size(); ++i) {
    CHECK(got.errors[i].path == serial.errors[i].path);
    CHECK(got.errors[i].reason == serial.errors[i].reason);
  }
}

}  // namespace

TEST_CASE("fork with any shard count equals serial on a generated corpus", "[equivalence]") {
  std::string corpus = test::generated_corpus().string();
  RunReport serial = run(corpus, "serial", 1);
  REQUIRE(serial.totals.items == test::kGeneratedMessages);
  REQUIRE(serial.totals.messages == test::kGeneratedMessages);
  CHECK(test::capitals(serial).messages_without_to > 0);
  CHECK(test::capitals(serial).to_addresses > serial.totals.messages);

  int shards = GENERATE(1, 2, 3, 4, 7);
  auto dispatch = GENERATE(as<std::string>{}, "rr", "block");
  RunReport fork = run(corpus, "fork", shards, dispatch);
  require_same_answer(fork, serial);
  REQUIRE(fork.workers.size() == static_cast<std::size_t>(shards));
  std::uint64_t items = 0;
  for (const WorkerStats& w : fork.workers) {
    items += w.items;
    CHECK(w.pid != 0);
    CHECK(w.ipc_bytes > 0);
  }
  CHECK(items == serial.totals.items);
  CHECK(test::child_processes().empty());
}

TEST_CASE("more shards than items: one worker per item at most, and the answer holds", "[equivalence]") {
  test::TempDir dir;
  test::write_file(dir.path() / "a/1.", "To: A@x.com, b@y.com\nSubject: Hi\n\nHello World\n");
  test::write_file(dir.path() / "a/2.", "From: C@z\n\nNo To here\n");
  test::write_file(dir.path() / "b/1.", "");
  RunReport serial = run(dir.path().string(), "serial", 1);
  RunReport fork = run(dir.path().string(), "fork", 8);
  require_same_answer(fork, serial);
  CHECK(fork.workers.size() == 3);  // never more workers than items (issue 17)
  CHECK(fork.config.shards == 3);
  CHECK(fork.shards_requested == 8);
  CHECK(serial.totals.items == 3);
  CHECK(serial.totals.messages == 2);
  CHECK(serial.totals.errors == 1);
  CHECK(test::capitals(serial).to_addresses == 2);
  CHECK(test::capitals(serial).messages_without_to == 1);
  REQUIRE(serial.errors.size() == 1);
  CHECK(serial.errors[0].path == "b/1.");
  CHECK(serial.errors[0].reason == "empty file");
  CHECK(test::child_processes().empty());
}

TEST_CASE("an empty corpus gives zero totals in every mode", "[equivalence]") {
  test::TempDir dir;
  auto mode = GENERATE(as<std::string>{}, "serial", "fork");
  RunReport report = run(dir.path().string(), mode, mode == "serial" ? 1 : 3);
  CHECK(report.complete());
  CHECK(report.totals == Totals{});
}
