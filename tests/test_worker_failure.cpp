// A worker that dies makes the run fail loudly, naming the worker, and
// leaves no zombie behind. Uses real children.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include <fcntl.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

namespace {

nlohmann::json run_json(const std::vector<std::string>& args, const std::vector<std::string>& env, int expected_exit) {
  auto result = test::run_mpingest(args, env);
  INFO(result.err);
  REQUIRE(result.exit_code == expected_exit);
  return nlohmann::json::parse(result.out);
}

nlohmann::json clean_totals() {
  static const nlohmann::json totals =
      nlohmann::json::parse(test::run_mpingest({"--input", test::generated_corpus().string(), "--format", "json"}).out)["totals"];
  return totals;
}

}  // namespace

TEST_CASE("a worker that crashes once is replaced and the totals are those of a clean run", "[recovery]") {
  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  auto dispatch = GENERATE(as<std::string>{}, "rr", "block", "queue", "request");
  auto ipc = GENERATE(as<std::string>{}, "pipe", "shm");
  test::TempDir dir;
  auto doc = run_json({"--input", test::generated_corpus().string(), "--mode", mode, "--dispatch", dispatch, "--ipc",
                       ipc, "--batch", "8", "--shards", "3", "--format", "json"},
                      {"MPINGEST_TEST_FAULT=abort@50", "MPINGEST_TEST_FAULT_ONCE=" + (dir.path() / "once").string()}, 0);
  CHECK(doc["totals"] == clean_totals());
  REQUIRE(doc["failures"].size() == 1);
  CHECK(doc["failures"][0]["suspect_item"] == 50);
  CHECK(doc["failures"][0]["recovered"] == true);
  CHECK(doc["failures"][0]["what"].get<std::string>().find("signal 6") != std::string::npos);
  CHECK(test::leaked_segments().empty());
}

TEST_CASE("a poison item is isolated after the retries and everything else is processed", "[recovery]") {
  auto retries = GENERATE(0, 1, 2);
  auto doc = run_json({"--input", test::generated_corpus().string(), "--mode", "fork", "--shards", "4", "--retries",
                       std::to_string(retries), "--format", "json"},
                      {"MPINGEST_TEST_FAULT=exit@5"}, 1);
  CHECK(doc["failures"].size() == static_cast<std::size_t>(retries + 1));
  CHECK(doc["totals"]["items"] == clean_totals()["items"]);
  CHECK(doc["totals"]["messages"] == clean_totals()["messages"].get<int>() - 1);
  REQUIRE(doc["errors"].size() == 1);
  CHECK(doc["errors"][0]["reason"].get<std::string>().find("poison") != std::string::npos);
  CHECK(doc["unprocessed"].empty());
}

TEST_CASE("workers that die before any item are retried, then the run exits 3 naming every lost item", "[recovery]") {
  auto result = test::run_mpingest({"--input", test::generated_corpus().string(), "--mode", "fork", "--shards", "2",
                                    "--format", "json"},
                                   {"MPINGEST_TEST_FAULT=abort@start"});
  CHECK(result.exit_code == 3);
  auto doc = nlohmann::json::parse(result.out);
  CHECK(doc["unprocessed"].size() == test::kGeneratedMessages);
  CHECK(doc["failures"].size() == 4);  // two workers, then two replacements
}

TEST_CASE("a timeout kills a hung worker, and its items are re-run", "[recovery]") {
  test::TempDir dir;
  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  // 2 s: long enough that a healthy worker, even a spawned one under the
  // sanitizers on a loaded machine, starts and moves on well within it.
  auto doc = run_json({"--input", test::generated_corpus().string(), "--mode", mode, "--shards", "2", "--timeout",
                       "2", "--format", "json"},
                      {"MPINGEST_TEST_FAULT=hang@7", "MPINGEST_TEST_FAULT_ONCE=" + (dir.path() / "once").string()}, 0);
  CHECK(doc["totals"] == clean_totals());
  REQUIRE(doc["failures"].size() == 1);
  CHECK(doc["failures"][0]["what"].get<std::string>().find("timed out") != std::string::npos);
  CHECK(doc["failures"][0]["suspect_item"] == 7);
}

TEST_CASE("a worker killed with SIGKILL mid-run is noticed and replaced", "[recovery]") {
  test::TempDir dir;
  // The first worker to reach item 3 hangs; the test finds it and kills it.
  std::string marker = (dir.path() / "once").string();
  pid_t parent = ::fork();
  REQUIRE(parent >= 0);
  if (parent == 0) {
    ::setenv("MPINGEST_TEST_FAULT", "hang@3", 1);
    ::setenv("MPINGEST_TEST_FAULT_ONCE", marker.c_str(), 1);
    int out = ::open((dir.path() / "out.json").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(out, 1);
    ::dup2(null, 2);
    ::execl(MPINGEST_BINARY, MPINGEST_BINARY, "--input", test::generated_corpus().c_str(), "--mode", "fork",
            "--shards", "2", "--format", "json", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  test::note_child(parent);
  // Wait for the hang, then kill the child of mpingest that is stuck.
  pid_t victim = 0;
  for (int tries = 0; tries < 500 && victim == 0; ++tries) {
    ::usleep(10000);
    if (!std::filesystem::exists(marker)) continue;
    for (int pid : test::child_processes_of(parent)) victim = pid;  // the survivor finishes and exits quickly
  }
  REQUIRE(victim != 0);
  ::usleep(100000);
  for (int pid : test::child_processes_of(parent)) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(parent, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::ifstream in(dir.path() / "out.json");
  auto doc = nlohmann::json::parse(in);
  CHECK(doc["totals"] == clean_totals());
  REQUIRE(doc["failures"].size() >= 1);
  CHECK(doc["failures"][0]["what"].get<std::string>().find("signal 9") != std::string::npos);
}

TEST_CASE("SIGINT or SIGTERM stops a run within a second, reaping workers and removing its segment", "[recovery]") {
  auto sig = GENERATE(SIGINT, SIGTERM);
  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  pid_t parent = ::fork();
  REQUIRE(parent >= 0);
  if (parent == 0) {
    ::setenv("MPINGEST_TEST_FAULT", "hang@3", 1);  // the run cannot finish by itself
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(MPINGEST_BINARY, MPINGEST_BINARY, "--input", test::generated_corpus().c_str(), "--mode", mode.c_str(),
            "--shards", "2", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  test::note_child(parent);
  // Wait until the workers exist (one hangs, the other may finish), however loaded the machine is.
  std::vector<int> workers;
  for (int tries = 0; tries < 500 && workers.empty(); ++tries) {
    ::usleep(10000);
    workers = test::child_processes_of(parent);
  }
  ::usleep(100000);
  workers = test::child_processes_of(parent);
  CHECK(!workers.empty());
  auto sent = std::chrono::steady_clock::now();
  ::kill(parent, sig);
  int status = 0;
  ::waitpid(parent, &status, 0);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  CHECK(took < 1.0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + sig);
  for (int pid : workers) CHECK(::kill(pid, 0) != 0);  // gone, not merely orphaned
  CHECK(test::leaked_segments().empty());
}

TEST_CASE("a parent killed outright takes its workers along, and clean removes what it left", "[recovery]") {
  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  pid_t parent = ::fork();
  REQUIRE(parent >= 0);
  if (parent == 0) {
    ::setenv("MPINGEST_TEST_FAULT", "hang@3", 1);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(MPINGEST_BINARY, MPINGEST_BINARY, "--input", test::generated_corpus().c_str(), "--mode", mode.c_str(),
            "--shards", "2", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::vector<int> workers;
  for (int tries = 0; tries < 500 && workers.empty(); ++tries) {
    ::usleep(10000);
    workers = test::child_processes_of(parent);
  }
  CHECK(!workers.empty());
  ::kill(parent, SIGKILL);  // no chance to clean up
  ::waitpid(parent, nullptr, 0);
  // PR_SET_PDEATHSIG: the orphaned workers die too (given 10 s: a loaded
  // machine under the sanitizers is slow to finish them).
  for (int tries = 0; tries < 1000; ++tries) {
    bool any_alive = false;
    for (int pid : workers) any_alive |= (::kill(pid, 0) == 0);
    if (!any_alive) break;
    ::usleep(10000);
  }
  for (int pid : workers) CHECK(::kill(pid, 0) != 0);
  std::string stale = "mpingest-" + std::to_string(parent) + "-0";
  CHECK(std::filesystem::exists("/dev/shm/" + stale));
  auto clean = test::run_mpingest({"clean"});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find(stale) != std::string::npos);
  CHECK(!std::filesystem::exists("/dev/shm/" + stale));
}
