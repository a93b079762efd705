// The real Enron sample in ../shared/data/enron-sample, checked against totals
// computed independently by scripts/reference_totals.py (Python's own email
// package and str.isupper()). Tagged [realdata]: ctest runs these through
// skip_without_data.sh, which reports them as skipped when the data is absent.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "corpus/enumerate_maildir.h"
#include "run/run_job.h"
#include "task_results.h"
#include "test_support.h"

using namespace mpingest;

namespace {

nlohmann::json load_expected(const char* name) {
  std::ifstream in(std::string(MPINGEST_TEST_DATA_DIR) + "/" + name);
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

void check_against_python(const RunReport& report, const nlohmann::json& expected) {
  const Totals& got = report.totals;
  const CapitalsCounts& counts = test::capitals(report);
  const auto& t = expected["totals"];
  CHECK(got.items == t["items"].get<std::uint64_t>());
  CHECK(got.messages == t["messages"].get<std::uint64_t>());
  CHECK(got.bytes == t["bytes"].get<std::uint64_t>());
  CHECK(counts.capitals == t["capitals"].get<std::uint64_t>());
  CHECK(counts.to_addresses == t["to_addresses"].get<std::uint64_t>());
  CHECK(counts.messages_without_to == t["messages_without_to"].get<std::uint64_t>());
  CHECK(got.errors == t["errors"].get<std::uint64_t>());
  CHECK(counts.cc_addresses == expected["extra"]["cc_addresses"].get<std::uint64_t>());
}

RunReport run_sample(const std::string& mode, int shards, TextEncoding encoding = TextEncoding::latin1) {
  RunConfig config;
  config.input = test::enron_sample().string();
  config.mode = parse_launch_mode(mode);
  config.shards = shards;
  config.processing.encoding = encoding;
  return run_job(config);
}

}  // namespace

TEST_CASE("Enron sample: serial totals equal Python's email + str.isupper()", "[realdata]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  RunReport serial = run_sample("serial", 1);
  check_against_python(serial, load_expected("enron_sample_expected.json"));
  CHECK(serial.errors.empty());
}

TEST_CASE("Enron sample: UTF-8 decoding matches Python, invalid bytes tallied", "[realdata]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  nlohmann::json expected = load_expected("enron_sample_expected_utf8.json");
  RunReport serial = run_sample("serial", 1, TextEncoding::utf8);
  check_against_python(serial, expected);
  CHECK(test::capitals(serial).invalid_sequences == expected["extra"]["invalid_sequences"].get<std::uint64_t>());
}

TEST_CASE("Enron sample: fork with 1, 2, 3, 4, 7 shards equals serial", "[realdata]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  RunReport serial = run_sample("serial", 1);
  int shards = GENERATE(1, 2, 3, 4, 7);
  RunReport fork = run_sample("fork", shards);
  CHECK(fork.complete());
  CHECK(fork.totals == serial.totals);
  CHECK(fork.task_report == serial.task_report);
  CHECK(fork.workers.size() == static_cast<std::size_t>(shards));
  CHECK(test::child_processes().empty());
}

TEST_CASE("Enron sample: spawned workers reading the item list in place, and the parallel listing, equal serial", "[realdata]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  RunReport serial = run_sample("serial", 1);
  // Listed with several threads: exactly the serial walk's items, in its order.
  ItemList one = enumerate_maildir(test::enron_sample().string());
  EnumerateOptions parallel;
  parallel.threads = 3;
  ItemList three = enumerate_maildir(test::enron_sample().string(), parallel);
  REQUIRE(three.size() == one.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < one.size(); ++i) differing += one.path(i) != three.path(i) || one.kind(i) != three.kind(i);
  CHECK(differing == 0);

  // The image over a pipe (one copy) and in shared memory (none), under static and queue dispatch.
  auto [ipc, dispatch] = GENERATE(std::pair<std::string, std::string>{"pipe", "rr"}, std::pair<std::string, std::string>{"shm", "rr"},
                                  std::pair<std::string, std::string>{"pipe", "queue"}, std::pair<std::string, std::string>{"shm", "queue"});
  RunConfig config;
  config.input = test::enron_sample().string();
  config.mode = LaunchMode::spawn;
  config.shards = 2;
  config.ipc = parse_ipc_kind(ipc);
  config.dispatch = parse_dispatch_strategy(dispatch);
  config.worker_executable = MPINGEST_BINARY;
  RunReport spawn = run_job(config);
  INFO(ipc << " " << dispatch);
  CHECK(spawn.complete());
  CHECK(spawn.totals == serial.totals);
  CHECK(spawn.task_report == serial.task_report);
  CHECK(spawn.timing.enumerate_threads >= 1);
  for (const WorkerStats& w : spawn.workers) CHECK(w.job_bytes > 0);
}
