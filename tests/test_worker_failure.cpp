// A worker that dies makes the run fail loudly, naming the worker, and
// leaves no zombie behind. Uses real children.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "ipc/pipe_writer.h"
#include "launch/child_process_set.h"
#include "test_support.h"

using namespace mpingest;

TEST_CASE("the process set reports how each child ended and reaps them all", "[process]") {
  std::vector<std::string> frames(3);
  {
    ChildProcessSet set;
    set.start(0, [](int fd) {
      wire::send_worker_error(fd, "hello from 0");
      return 0;
    });
    set.start(1, [](int) -> int { std::abort(); });
    set.start(2, [](int) { return 5; });
    std::vector<ChildExit> exits = set.wait_all([&](int id, wire::Frame&& f) { frames[id] = f.payload; });
    REQUIRE(exits.size() == 3);
    CHECK(exits[0].exited_cleanly());
    CHECK(frames[0] == "hello from 0");
    CHECK(!exits[1].exited_cleanly());
    CHECK(exits[1].describe().find("killed by signal 6") != std::string::npos);
    CHECK(exits[2].describe() == "exited with status 5");
  }
  CHECK(test::child_processes().empty());
}

TEST_CASE("an exception escaping a child body is reported, not thrown in the child's copy of the caller", "[process]") {
  std::string error;
  ChildProcessSet set;
  set.start(0, [](int) -> int { throw std::runtime_error("boom in worker"); });
  auto exits = set.wait_all([&](int, wire::Frame&& f) { error = f.payload; });
  CHECK(error == "boom in worker");
  CHECK(exits[0].describe() == "exited with status " + std::to_string(ChildProcessSet::kChildCrashed));
}

TEST_CASE("a set destroyed early kills and reaps children that are still running", "[process]") {
  {
    ChildProcessSet set;
    set.start(0, [](int) {
      ::pause();
      return 0;
    });
  }
  CHECK(test::child_processes().empty());
}

TEST_CASE("a worker crash fails the run with exit 3 and names the worker", "[process][cli]") {
  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  auto ipc = GENERATE(as<std::string>{}, "pipe", "shm");
  auto fault = GENERATE(as<std::string>{}, "abort", "exit");
  auto result = test::run_mpingest({"--input", test::generated_corpus().string(), "--mode", mode, "--ipc", ipc,
                                    "--shards", "4", "--format", "json"},
                                   {"MPINGEST_TEST_FAULT=" + fault + "@5"});
  INFO(mode << " " << ipc << " " << fault << ": " << result.err);
  CHECK(result.exit_code == 3);
  // Item 5 belongs to worker 5 mod 4 = 1.
  CHECK(result.err.find("worker 1 (pid") != std::string::npos);
  CHECK(result.err.find(fault == "abort" ? "killed by signal 6" : "exited with status 9") != std::string::npos);
  CHECK(result.out.find("\"failures\"") != std::string::npos);
  CHECK(test::leaked_segments().empty());
}
