// --mode mpi under a real mpirun (Open MPI), ranks over shared memory on
// this machine: every rank count, dispatch and task gives serial's answer.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "mpi_run.h"
#include "sandbox.h"
#include "test_support.h"

using namespace mpingest;

namespace {

using nlohmann::json;

// What must not depend on how the work was split: the totals and the task's part.
json answer_of(const std::string& report) {
  json r = json::parse(report);
  json answer = {{"totals", r["totals"]}, {"task", r["task"]}};
  for (const char* part : {"words", "top"})
    if (r.contains(part)) answer[part] = r[part];
  return answer;
}

json serial_answer(const std::string& input, const std::string& task) {
  test::CommandResult serial = test::run_mpingest({"--mode", "serial", "--input", input, "--task", task, "--top", "5",
                                                   "--format", "json", "-q"});
  REQUIRE(serial.exit_code == 0);
  return answer_of(serial.out);
}

void check_every_rank_count_and_dispatch(const std::string& input) {
  for (const char* task : {"capitals", "words"}) {
    json expected = serial_answer(input, task);
    for (int ranks : {1, 3, 4})
      for (const char* dispatch : {"rr", "block", "queue", "request"}) {
        INFO(fmt::format("mpirun -n {} --dispatch {} --task {}", ranks, dispatch, task));
        test::CommandResult run = test::mpirun_mpingest(
            ranks, {"--input", input, "--dispatch", dispatch, "--batch", "16", "--task", task, "--top", "5",
                    "--format", "json", "-q"});
        INFO(run.err);
        REQUIRE(run.exit_code == 0);
        CHECK(answer_of(run.out) == expected);
        json report = json::parse(run.out);
        CHECK(report["workers"].size() == static_cast<std::size_t>(ranks));
        for (const json& worker : report["workers"]) CHECK(worker["host"].is_string());
        CHECK(report["timing"]["mpi_startup_s"].get<double>() > 0);
      }
  }
}

}  // namespace

TEST_CASE("mpi: 1, 3 and 4 ranks, every dispatch, both tasks give serial's answer on a generated corpus", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  check_every_rank_count_and_dispatch(test::generated_corpus().string());
}

TEST_CASE("mpi: 1, 3 and 4 ranks, every dispatch, both tasks give serial's answer on the Enron sample", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  if (!std::filesystem::exists(test::enron_sample())) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  check_every_rank_count_and_dispatch(test::enron_sample().string());
}

TEST_CASE("mpi: 4 ranks on two simulated hosts, over TCP, give serial's answer", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  const std::string input = test::generated_corpus().string();
  for (const char* task : {"capitals", "words"}) {
    json expected = serial_answer(input, task);
    for (const char* dispatch : {"rr", "queue"}) {
      INFO(fmt::format("--dispatch {} --task {}", dispatch, task));
      test::CommandResult run = test::mpirun_mpingest(
          4, {"--input", input, "--dispatch", dispatch, "--batch", "16", "--task", task, "--top", "5", "--format", "json", "-q"},
          test::two_simulated_hosts(2));
      INFO(run.err);
      REQUIRE(run.exit_code == 0);
      CHECK(answer_of(run.out) == expected);
      CHECK(json::parse(run.out)["workers"].size() == 4);
    }
  }
}

TEST_CASE("mpi: a trace has a track per rank, on rank 0's clock, also for ranks on another host", "[mpi][trace]") {
  MPINGEST_REQUIRE_MPI();
  test::TempDir dir;
  const std::string trace_path = (dir.path() / "t.json").string();
  test::CommandResult run = test::mpirun_mpingest(
      4, {"--input", test::generated_corpus().string(), "--dispatch", "queue", "--batch", "16", "--format", "json", "-q",
          "--trace", trace_path},
      test::two_simulated_hosts(2));
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const json report = json::parse(run.out);
  const json trace = json::parse(test::read_text_file(trace_path));
  const double run_start = trace["otherData"]["run_start_us"], run_end = trace["otherData"]["run_end_us"];
  std::map<int, std::uint64_t> items;
  std::map<int, std::string> hosts;
  for (const json& e : trace["traceEvents"]) {
    const int tid = e["tid"];
    if (tid == 0) continue;
    if (e["ph"] == "i" && e["name"] == "start") hosts[tid - 1] = e["args"]["host"];
    if (e["ph"] != "X" || e["name"] == "setup") continue;
    if (e["name"] == "items") items[tid - 1] += e["args"]["items"].get<std::uint64_t>();
    // Aligned: every rank worked while rank 0's run did (a barrier's skew is microseconds).
    INFO(e.dump());
    CHECK(e["ts"].get<double>() >= run_start - 1000);
    CHECK(e["ts"].get<double>() + e["dur"].get<double>() <= run_end + 1000);
  }
  REQUIRE(report["workers"].size() == 4);
  for (const json& worker : report["workers"]) {
    const int rank = worker["id"];
    CHECK(items[rank] == worker["items"].get<std::uint64_t>());
    CHECK(hosts[rank] == worker["host"].get<std::string>());
  }
}

TEST_CASE("mpi: --emit records from every rank come out in input order, byte for byte as serial's", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  test::TempDir dir;
  const std::string input = test::generated_corpus().string();
  const std::string serial = (dir.path() / "serial.jsonl").string();
  REQUIRE(test::run_mpingest({"--mode", "serial", "--input", input, "--emit", serial, "--emit-body", "-q"}).exit_code == 0);
  const std::string expected = test::read_text_file(serial);
  REQUIRE(!expected.empty());
  for (const char* dispatch : {"rr", "block", "queue"}) {
    INFO(fmt::format("--dispatch {}", dispatch));
    const std::string out = (dir.path() / fmt::format("mpi-{}.jsonl", dispatch)).string();
    // A reorder bound of 1 MiB, below the corpus: ranks ahead of it wait.
    test::CommandResult run = test::mpirun_mpingest(
        3, {"--input", input, "--dispatch", dispatch, "--batch", "16", "--emit", out, "--emit-body", "--reorder-mib", "1",
            "-q"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(test::read_text_file(out) == expected);
  }
}

TEST_CASE("mpi: a rank killed, or mpirun interrupted, mid-run ends the job with an error, leaving no process, segment or session file", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  MPINGEST_REQUIRE_SANDBOX();
  // Shell commands that find their victim: rank 1 (by the rank Open MPI put
  // in its environment), or mpirun itself (the only one in the sandbox).
  const std::string rank_1 = "for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null | "
                             "grep -qx OMPI_COMM_WORLD_RANK=1 && echo ${p#/proc/}; done";
  auto [victim, signal] = GENERATE_COPY(std::make_pair(rank_1, std::string("KILL")),
                                        std::make_pair(std::string("pgrep -x mpirun"), std::string("INT")));
  INFO("kill -" << signal << " $(" << victim << ")");
  test::TempDir dir;
  const std::string marker = (dir.path() / "working").string();
  const std::string session = (dir.path() / "session").string();  // Open MPI's session files go here
  std::filesystem::create_directory(session);
  test::SandboxOptions options;
  options.launcher = {"mpirun", "-n", "3"};
  options.env = test::mpirun_environment();
  options.env.insert(options.env.end(), {"MPINGEST_TEST_SLOW_PHASE=work", "MPINGEST_TEST_PHASE_MARKER=" + marker,
                                         "OMPI_MCA_orte_tmpdir_base=" + session});
  // Once the ranks work, signal the victim and note the time; afterwards,
  // print how long mpirun took to end and what is left of the session.
  const std::string killed = (dir.path() / "killed").string();
  options.before = "( while [ ! -e " + marker + " ]; do sleep 0.01; done; sleep 0.1; "
                   "for p in $(" + victim + "); do kill -" + signal + " $p; done; date +%s%N > " + killed + " ) &";
  options.after = "echo ELAPSED_MS=$(( ($(date +%s%N) - $(cat " + killed + ")) / 1000000 )); "
                  "find " + session + " -mindepth 1 | sed 's/^/SESSION /'";
  test::SandboxResult run = test::run_sandboxed({"--mode", "mpi", "--input", test::generated_corpus().string(), "-q"}, options);
  INFO(run.log << run.after);
  CHECK(run.exit_code != 0);
  CHECK(run.exit_code != 124);  // not the sandbox's timeout: mpirun noticed
  CHECK_THAT(run.after, Catch::Contains("ELAPSED_MS="));
  CHECK_THAT(run.after, !Catch::Contains("SESSION "));
  CHECK(run.leftover_processes.empty());
  CHECK(run.leftover_segments.empty());
  CHECK(run.sentinel_alive);
}

TEST_CASE("mpi: the progress line on rank 0 counts every rank's items", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  for (const char* dispatch : {"rr", "queue"}) {
    INFO(fmt::format("--dispatch {}", dispatch));
    test::CommandResult run = test::mpirun_mpingest(
        3, {"--input", test::generated_corpus().string(), "--dispatch", dispatch, "--progress", "always"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.err, Catch::Contains("700 / 700 items"));
  }
}

TEST_CASE("mpi: a process started without mpirun is a job of one rank", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  const std::string input = test::generated_corpus().string();
  test::CommandResult alone = test::run_mpingest({"--mode", "mpi", "--input", input, "--top", "5", "--format", "json", "-q"},
                                                 test::mpirun_environment());
  INFO(alone.err);
  REQUIRE(alone.exit_code == 0);
  CHECK(answer_of(alone.out) == serial_answer(input, "capitals"));
}

TEST_CASE("mpi: ranks that see different inputs are refused before any work, naming the rank and host", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  test::TempDir dir;
  test::write_file(dir.path() / "other" / "a" / "1.", "From: a@x.com\nTo: b@y.com\n\nHi\n");
  // MPMD: rank 0 lists the generated corpus, rank 1 another maildir, as if
  // the second host mounted something else at the same path.
  test::CommandResult run = test::run_command(
      {"mpirun", "-n", "1", MPINGEST_BINARY, "--mode", "mpi", "--input", test::generated_corpus().string(), "-q", ":",
       "-n", "1", MPINGEST_BINARY, "--mode", "mpi", "--input", (dir.path() / "other").string(), "-q"},
      test::mpirun_environment());
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.err, Catch::Contains("rank 1 on ") && Catch::Contains("sees 1 item (fingerprint") &&
                          Catch::Contains("every rank must see --input at the same path"));
}

TEST_CASE("mpi: --shards is a usage error: the ranks are the workers", "[mpi]") {
  MPINGEST_REQUIRE_MPI();
  const std::string input = test::generated_corpus().string();
  test::CommandResult shards = test::run_mpingest({"--mode", "mpi", "--shards", "3", "--input", input, "-q"},
                                                  test::mpirun_environment());
  CHECK(shards.exit_code == 2);
  CHECK_THAT(shards.err, Catch::Contains("mpirun -n"));
}
