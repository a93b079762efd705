// --journal and --resume end to end: an interrupted run (its parent killed
// with SIGKILL, an MPI rank killed) is resumed to exactly the answer of a
// clean run, in any launch mode, from a journal cut anywhere; a journal of
// another run is refused.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "mpi_run.h"
#include "sandbox.h"
#include "test_support.h"

using namespace mpingest;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// What must come out the same: the totals and the task's part.
json answer_of(const json& report) {
  json answer = {{"totals", report["totals"]}};
  for (const char* part : {"words", "top"})
    if (report.contains(part)) answer[part] = report[part];
  return answer;
}

json run_json(const std::vector<std::string>& args) {
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--format", "json", "-q"});
  test::CommandResult run = test::run_mpingest(all);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  return json::parse(run.out);
}

const std::string& corpus() {
  static const std::string path = test::readable_corpus(600).string();
  return path;
}

// Shell commands that wait until the workers are at work and `journal` has
// grown past its header (a first checkpoint is in), then a little more.
std::string wait_for_entries(const std::string& marker, const fs::path& journal) {
  const std::string j = journal.string();
  return "while [ ! -e " + marker + " ] || [ ! -e " + j + " ]; do sleep 0.01; done; header=$(stat -c %s " + j + "); "
         "while [ $(stat -c %s " + j + ") -le $header ]; do sleep 0.01; done; sleep 0.3; ";
}

// Runs mpingest with --journal in a sandbox and SIGKILLs its parent (the
// oldest mpingest there) once some checkpoints are in the journal.
void run_and_kill_parent(const std::vector<std::string>& flags, const fs::path& journal, const fs::path& dir) {
  const std::string marker = (dir / "working").string();
  fs::remove(marker);  // an earlier run's
  test::SandboxOptions options;
  options.env = {"MPINGEST_TEST_SLOW_PHASE=work", "MPINGEST_TEST_PHASE_MARKER=" + marker};
  options.before = "( " + wait_for_entries(marker, journal) + "kill -KILL $(pgrep -o mpingest) ) &";
  std::vector<std::string> args{"--input", corpus(), "--journal", journal.string(), "--checkpoint-every", "0.1", "-q"};
  args.insert(args.end(), flags.begin(), flags.end());
  test::SandboxResult run = test::run_sandboxed(args, options);
  INFO(run.log);
  REQUIRE(run.exit_code == 128 + 9);
  // Its workers go with it; a segment it had is for `mpingest clean` (docs/reliability.md).
  CHECK(run.leftover_processes.empty());
}

}  // namespace

TEST_CASE("a run with --journal gives the same answer, and resuming its whole journal runs nothing", "[resume]") {
  test::TempDir dir;
  const json expected = answer_of(run_json({"--input", corpus(), "--mode", "serial", "--top", "5"}));
  for (const char* mode : {"serial", "threads", "fork", "spawn"}) {
    INFO(mode);
    const std::string journal = (dir.path() / fmt::format("{}.journal", mode)).string();
    json first = run_json({"--input", corpus(), "--mode", mode, "--journal", journal, "--top", "5"});
    CHECK(answer_of(first) == expected);
    CHECK(first["journal"]["entries_written"].get<int>() > 0);
    json again = run_json({"--input", corpus(), "--mode", mode, "--journal", journal, "--resume", "--top", "5"});
    CHECK(answer_of(again) == expected);
    CHECK(again["journal"]["resumed_items"] == 600);
    for (const json& worker : again["workers"]) CHECK(worker["items"] == 0);
  }
}

TEST_CASE("a parent killed with SIGKILL mid-run is resumed to exactly a clean run's answer", "[resume]") {
  MPINGEST_REQUIRE_SANDBOX();
  const json expected = answer_of(run_json({"--input", corpus(), "--mode", "serial", "--top", "5"}));
  const json expected_words =
      answer_of(run_json({"--input", corpus(), "--mode", "serial", "--task", "words", "--top", "5"}));
  auto [mode, dispatch] = GENERATE(std::make_pair("fork", "queue"), std::make_pair("spawn", "rr"),
                                   std::make_pair("threads", "block"), std::make_pair("serial", "rr"));
  INFO(mode << " " << dispatch);
  test::TempDir dir;
  for (const char* task : {"capitals", "words"}) {
    INFO(task);
    const fs::path journal = dir.path() / fmt::format("{}.journal", task);
    run_and_kill_parent({"--mode", mode, "--dispatch", dispatch, "--task", task, "--top", "5"}, journal, dir.path());
    // Resumed in the same mode, and in another: the journal does not care how the run was split.
    for (const char* resume_mode : {mode, "fork"}) {
      INFO("resumed with --mode " << resume_mode);
      const fs::path copy = dir.path() / fmt::format("{}-{}.journal", task, resume_mode);
      fs::copy_file(journal, copy, fs::copy_options::overwrite_existing);
      json resumed = run_json({"--input", corpus(), "--mode", resume_mode, "--task", task, "--top", "5", "--journal",
                               copy.string(), "--resume"});
      CHECK(answer_of(resumed) == (std::string(task) == "words" ? expected_words : expected));
      CHECK(resumed["journal"]["resumed_items"].get<int>() > 0);
      CHECK(resumed["journal"]["resumed_items"].get<int>() < 600);
    }
  }
}

TEST_CASE("with --emit, a resumed run writes exactly the records of a clean run", "[resume]") {
  MPINGEST_REQUIRE_SANDBOX();
  test::TempDir dir;
  const fs::path clean = dir.path() / "clean.jsonl";
  run_json({"--input", corpus(), "--mode", "serial", "--emit", clean.string()});
  const std::string expected = test::read_text_file(clean);
  REQUIRE(std::count(expected.begin(), expected.end(), '\n') == 600);
  // Records travel apart from checkpoints over shared memory; in-process workers put them under a lock.
  auto [mode, dispatch, ipc] = GENERATE(std::make_tuple("fork", "queue", "shm"), std::make_tuple("spawn", "rr", "pipe"),
                                        std::make_tuple("threads", "block", ""));
  INFO(mode << " " << dispatch << " " << ipc);
  std::vector<std::string> flags{"--mode", mode, "--dispatch", dispatch};
  if (*ipc != '\0') flags.insert(flags.end(), {"--ipc", ipc});
  const fs::path journal = dir.path() / "emit.journal";
  const fs::path emitted = dir.path() / "emitted.jsonl";
  std::vector<std::string> killed_flags = flags;
  killed_flags.insert(killed_flags.end(), {"--emit", emitted.string()});
  run_and_kill_parent(killed_flags, journal, dir.path());
  for (const char* resume_mode : {mode, "fork"}) {
    INFO("resumed with --mode " << resume_mode);
    const fs::path copy = dir.path() / "copy.journal";
    fs::copy_file(journal, copy, fs::copy_options::overwrite_existing);
    json resumed = run_json({"--input", corpus(), "--mode", resume_mode, "--journal", copy.string(), "--resume",
                             "--emit", emitted.string()});
    CHECK(resumed["journal"]["resumed_items"].get<int>() > 0);
    // The records of the resumed items come from the journal, or stayed in the file.
    CHECK(resumed["journal"]["resumed_records"] <= resumed["journal"]["resumed_items"]);
    CHECK((resumed["journal"]["resumed_records"] > 0 || resumed["journal"]["resumed_output_bytes"] > 0));
    CHECK(resumed["records"]["written"] == 600);
    CHECK(test::read_text_file(emitted) == expected);
  }
  // --unordered: the same records, the resumed ones first.
  const fs::path copy = dir.path() / "copy.journal";
  fs::copy_file(journal, copy, fs::copy_options::overwrite_existing);
  run_json({"--input", corpus(), "--mode", "fork", "--journal", copy.string(), "--resume", "--emit", emitted.string(),
            "--unordered"});
  CHECK(test::sorted_lines(test::read_text_file(emitted)) == test::sorted_lines(expected));
}

TEST_CASE("a journal cut inside its last entry is resumed from the entries before it", "[resume]") {
  std::vector<std::string> inputs{corpus()};
  if (fs::exists(test::enron_sample())) {
    inputs.push_back(test::enron_sample().string());  // real mail: 8,212 messages
  } else {
    WARN("../shared/data/enron-sample is absent: the generated corpus only");
  }
  for (const std::string& input : inputs) {
    INFO(input);
    test::TempDir dir;
    const fs::path clean = dir.path() / "clean.jsonl";
    const json expected = answer_of(run_json({"--input", input, "--mode", "serial", "--emit", clean.string()}));
    const std::string expected_records = test::read_text_file(clean);
    const std::uint64_t items = expected["totals"]["items"];
    const fs::path journal = dir.path() / "whole.journal";
    const fs::path emitted = dir.path() / "emitted.jsonl";
    // Many small entries: a checkpoint every millisecond of work; records
    // entries before them (--emit).
    run_json({"--input", input, "--mode", "fork", "--shards", "2", "--dispatch", "queue", "--batch", "8", "--journal",
              journal.string(), "--checkpoint-every", "0.001", "--emit", emitted.string()});
    const std::string whole = test::read_text_file(journal);
    for (std::size_t cut_back : {1, 7, 16, 17, 40}) {
      INFO("the last " << cut_back << " bytes cut");
      const fs::path cut = dir.path() / "cut.journal";
      test::write_file(cut, whole.substr(0, whole.size() - cut_back));
      json resumed = run_json({"--input", input, "--mode", "threads", "--journal", cut.string(), "--resume", "--emit",
                               emitted.string()});
      CHECK(answer_of(resumed) == expected);
      CHECK(resumed["journal"]["dropped_bytes"].get<std::size_t>() > 0);
      CHECK(resumed["journal"]["resumed_items"].get<std::uint64_t>() < items);
      CHECK(test::read_text_file(emitted) == expected_records);
      // The file held most records already: the journal kept only the others.
      CHECK(resumed["journal"]["resumed_output_bytes"].get<std::uint64_t>() > 0);
    }
  }
}

TEST_CASE("a resumed run continues the --emit file only if it is as the journal says", "[resume]") {
  test::TempDir dir;
  const fs::path journal = dir.path() / "run.journal";
  const fs::path emitted = dir.path() / "out.jsonl";
  run_json({"--input", corpus(), "--mode", "fork", "--dispatch", "queue", "--batch", "8", "--journal", journal.string(),
            "--checkpoint-every", "0.001", "--emit", emitted.string()});
  const std::string whole_journal = test::read_text_file(journal);
  const std::string records = test::read_text_file(emitted);
  auto resume = [&](const std::string& emit) {
    test::write_file(journal, whole_journal.substr(0, whole_journal.size() - 1));
    return test::run_mpingest(
        {"--input", corpus(), "--journal", journal.string(), "--resume", "--emit", emit, "--format", "json", "-q"});
  };
  test::CommandResult good = resume(emitted.string());
  REQUIRE(good.exit_code == 0);
  CHECK(test::read_text_file(emitted) == records);
  const auto kept = json::parse(good.out)["journal"]["resumed_output_bytes"].get<std::size_t>();
  REQUIRE(kept > 0);
  test::write_file(emitted, records.substr(0, kept - 1));
  test::CommandResult shorter = resume(emitted.string());
  CHECK(shorter.exit_code == 2);
  CHECK_THAT(shorter.err, Catch::Contains("fewer than the") && Catch::Contains("without --resume"));
  std::string changed = records;
  changed[kept - 2] ^= 1;  // in the last record it had written: a file that is not that run's
  test::write_file(emitted, changed);
  CHECK_THAT(resume(emitted.string()).err, Catch::Contains("does not hold"));
  CHECK_THAT(resume("-").err, Catch::Contains("--emit - is stdout"));
  CHECK_THAT(resume((dir.path() / "elsewhere.jsonl").string()).err, Catch::Contains("No such file"));
}

TEST_CASE("a journal of another input or task is refused, and --resume needs --journal", "[resume]") {
  test::TempDir dir;
  const fs::path journal = dir.path() / "run.journal";
  run_json({"--input", corpus(), "--journal", journal.string()});
  test::CommandResult other_input = test::run_mpingest(
      {"--input", test::generated_corpus().string(), "--journal", journal.string(), "--resume", "-q"});
  CHECK(other_input.exit_code == 2);
  CHECK_THAT(other_input.err, Catch::Contains("cannot be resumed by this run") && Catch::Contains("--input"));
  test::CommandResult other_task =
      test::run_mpingest({"--input", corpus(), "--task", "words", "--journal", journal.string(), "--resume", "-q"});
  CHECK(other_task.exit_code == 2);
  CHECK_THAT(other_task.err, Catch::Contains("--task capitals, not words"));
  test::CommandResult with_records = test::run_mpingest({"--input", corpus(), "--journal", journal.string(), "--resume",
                                                         "--emit", (dir.path() / "out.jsonl").string(), "-q"});
  CHECK(with_records.exit_code == 2);
  CHECK_THAT(with_records.err, Catch::Contains("records no, not") && Catch::Contains("records yes"));
  test::CommandResult no_journal = test::run_mpingest({"--input", corpus(), "--resume", "-q"});
  CHECK(no_journal.exit_code == 2);
  test::write_file(dir.path() / "junk", "not a journal\n");
  test::CommandResult junk = test::run_mpingest(
      {"--input", corpus(), "--journal", (dir.path() / "junk").string(), "--resume", "-q"});
  CHECK(junk.exit_code == 2);
  CHECK_THAT(junk.err, Catch::Contains("is not an mpingest journal"));
}

TEST_CASE("mpi: a rank killed mid-run is resumed from the journal, with mpirun or with fork", "[resume][mpi]") {
  MPINGEST_REQUIRE_MPI();
  MPINGEST_REQUIRE_SANDBOX();
  const json expected = answer_of(run_json({"--input", corpus(), "--mode", "serial"}));
  test::TempDir dir;
  const fs::path journal = dir.path() / "mpi.journal";
  const std::string marker = (dir.path() / "working").string();
  test::SandboxOptions options;
  options.launcher = {"mpirun", "-n", "3"};
  options.env = test::mpirun_environment();
  options.env.insert(options.env.end(), {"MPINGEST_TEST_SLOW_PHASE=work", "MPINGEST_TEST_PHASE_MARKER=" + marker});
  options.before = "( " + wait_for_entries(marker, journal) +
                   "for p in /proc/[0-9]*; do tr '\\\\0' '\\\\n' < $p/environ 2>/dev/null | "
                   "grep -qx OMPI_COMM_WORLD_RANK=1 && kill -KILL ${p#/proc/}; done ) &";
  const fs::path clean = dir.path() / "clean.jsonl";
  run_json({"--input", corpus(), "--mode", "serial", "--emit", clean.string()});
  const fs::path emitted = dir.path() / "emitted.jsonl";
  test::SandboxResult killed = test::run_sandboxed(
      {"--mode", "mpi", "--dispatch", "queue", "--input", corpus(), "--journal", journal.string(), "--checkpoint-every",
       "0.1", "--emit", emitted.string(), "-q"},
      options);
  INFO(killed.log);
  REQUIRE(killed.exit_code != 0);
  const fs::path copy = dir.path() / "copy.journal";
  fs::copy_file(journal, copy);
  test::CommandResult resumed = test::mpirun_mpingest(
      3, {"--input", corpus(), "--journal", journal.string(), "--resume", "--emit", emitted.string(), "--format", "json",
          "-q"});
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  json report = json::parse(resumed.out);
  CHECK(answer_of(report) == expected);
  CHECK(report["journal"]["resumed_items"].get<int>() > 0);
  CHECK(test::read_text_file(emitted) == test::read_text_file(clean));
  json by_fork = run_json({"--input", corpus(), "--mode", "fork", "--journal", copy.string(), "--resume", "--emit",
                           emitted.string()});
  CHECK(answer_of(by_fork) == expected);
  CHECK(test::read_text_file(emitted) == test::read_text_file(clean));
}
