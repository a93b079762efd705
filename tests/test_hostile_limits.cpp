// mpingest under hostile limits, as an unprivileged user would meet them:
// tight ulimits, a tiny /dev/shm, a full disk, signals in every phase.
// Each case is a regression test named after the bug it pins (issue 17),
// and each runs in a sandbox (tests/sandbox.h) so that a bug that kills
// or fills cannot reach the machine. Every case asserts the same
// invariants: a clear message, the documented exit code, no process and no
// segment left behind, and nothing outside the run touched (the sentinel).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sandbox.h"
#include "test_support.h"

using namespace mpingest;
using test::SandboxOptions;
using test::SandboxResult;

namespace {

// The invariants every hostile run keeps, whatever else it asserts.
void check_clean(const SandboxResult& r) {
  INFO(r.log);
  CHECK(r.exit_code != 124);  // it did not hang until the sandbox's timeout
  CHECK(r.sentinel_alive);
  CHECK(r.leftover_processes.empty());
  CHECK(r.leftover_segments.empty());
}

bool mentions(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::string corpus() { return test::readable_corpus().string(); }

}  // namespace

TEST_CASE("kill(-1): a spawn out of descriptors signals nothing outside its own workers", "[sandbox][hostile]") {
  MPINGEST_REQUIRE_SANDBOX();
  // Boost.Process handed back pid -1 when its pipe(2) failed, and stopping
  // the run sent SIGKILL to -1: every process the user (or root) owns.
  auto [limit, shards] = GENERATE(table<std::string, std::string>({{"16", "40"}, {"1024", "600"}, {"64", "40"}}));
  INFO("ulimit -n " << limit << ", --shards " << shards);
  SandboxOptions options;
  options.limits = {"--nofile=" + limit};
  options.unprivileged = true;
  SandboxResult r = run_sandboxed({"--input", corpus(), "--mode", "spawn", "--shards", shards, "-q"}, options);
  check_clean(r);
  INFO(r.err);
  CHECK(r.exit_code == 5);
  CHECK((mentions(r.err, "ulimit -n") || mentions(r.err, "Too many open files")));
}

TEST_CASE("wait4(-1): a spawn that cannot start under ulimit -n 10 ends with a message, never hangs",
          "[sandbox][hostile]") {
  MPINGEST_REQUIRE_SANDBOX();
  SandboxOptions options;
  options.limits = {"--nofile=10"};
  options.unprivileged = true;
  options.timeout_s = 20;
  SandboxResult r = run_sandboxed({"--input", corpus(), "--mode", "spawn", "--shards", "2", "-q"}, options);
  check_clean(r);
  CHECK(r.exit_code == 5);
}

TEST_CASE("threads lose items under a descriptor limit: a worker that cannot run has its items re-run",
          "[sandbox][hostile]") {
  MPINGEST_REQUIRE_SANDBOX();
  // Threads that could not open the input root were reported as failed
  // with lost_items 0, and their 350 items vanished from the totals.
  SandboxOptions options;
  options.limits = {"--nofile=32"};
  options.unprivileged = true;
  SandboxResult r =
      run_sandboxed({"--input", corpus(), "--mode", "threads", "--shards", "40", "--format", "json", "-q"}, options);
  check_clean(r);
  INFO(r.err);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["totals"]["items"] == 2000);
  CHECK(doc["unprocessed"].empty());
  CHECK(doc["totals"]["items"] == doc["totals"]["messages"].get<int>() + doc["totals"]["errors"].get<int>());
  REQUIRE(!doc["failures"].empty());  // the limit did bite
  for (const auto& failure : doc["failures"]) CHECK(failure["recovered"] == true);
}

TEST_CASE("a small /dev/shm is an error before any work, never a SIGBUS", "[sandbox][hostile]") {
  MPINGEST_REQUIRE_SANDBOX();
  // With /dev/shm a 4 KiB tmpfs the parent died of SIGBUS and left its
  // segment; at 64 KiB, with --ipc shm --emit, workers died of SIGBUS and
  // healthy items were listed as poison.
  auto size = GENERATE(as<std::string>{}, "4k", "64k", "1m");
  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  INFO("/dev/shm " << size << ", --mode " << mode);
  SandboxOptions options;
  options.shm_size = size;
  options.unprivileged = true;
  SandboxResult r = run_sandboxed({"--input", corpus(), "--mode", mode, "--shards", "2", "--ipc", "shm", "--emit",
                                   "/dev/null", "-q"},
                                  options);
  check_clean(r);
  INFO(r.err);
  CHECK(r.exit_code == 5);
  CHECK(mentions(r.err, "/dev/shm"));
}

TEST_CASE("absurd --shards: never more workers than items, and a stated maximum", "[sandbox][hostile]") {
  MPINGEST_REQUIRE_SANDBOX();
  // --shards 100000 forked 18,000 workers for 2,000 items and left 17,000
  // zombies; --shards 2147483647 made a 137 GB segment.
  SandboxOptions options;
  options.unprivileged = true;
  for (std::string shards : {"2147483647", "100000", "1025"}) {
    SandboxResult r = run_sandboxed({"--input", corpus(), "--mode", "fork", "--shards", shards, "-q"}, options);
    check_clean(r);
    CHECK(r.exit_code == 2);
    CHECK(mentions(r.err, "at most 1024"));
  }
  test::TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  for (int i = 0; i < 3; ++i) test::write_file(dir.path() / ("m" + std::to_string(i)), "To: a@b.c\n\nhello\n");
  SandboxResult r = run_sandboxed(
      {"--input", dir.path().string(), "--mode", "fork", "--shards", "1000", "--format", "json", "-q"}, options);
  check_clean(r);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["config"]["shards"] == 3);
  CHECK(doc["config"]["shards_requested"] == 1000);
  CHECK(doc["workers"].size() == 3);
}

TEST_CASE("a process limit too low for the workers is a clear error, and threads that cannot start too",
          "[sandbox][hostile]") {
  MPINGEST_REQUIRE_SANDBOX();
  // ulimit -u 2 made thread creation throw out of std::thread: std::terminate.
  SandboxOptions options;
  options.unprivileged = true;
  options.limits = {"--nproc=4"};
  for (std::string mode : {"fork", "spawn", "threads"}) {
    INFO("--mode " << mode);
    SandboxResult r = run_sandboxed({"--input", corpus(), "--mode", mode, "--shards", "8", "-q"}, options);
    check_clean(r);
    INFO(r.err);
    CHECK(r.exit_code == 5);
    CHECK(mentions(r.err, "ulimit -u"));
  }
  // The listing falls back to fewer threads instead.
  SandboxResult r = run_sandboxed({"--input", corpus(), "--mode", "fork", "--shards", "2", "-q"}, options);
  check_clean(r);
  INFO(r.err);
  CHECK(r.exit_code == 0);
}
