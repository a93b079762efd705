// mpingest under hostile limits, as an unprivileged user would meet them:
// tight ulimits, a tiny /dev/shm, a full disk, signals in every phase.
// Each case is a regression test named after the bug it pins (issue 17),
// and each runs in a sandbox (tests/sandbox.h) so that a bug that kills
// or fills cannot reach the machine. Every case asserts the same
// invariants: a clear message, the documented exit code, no process and no
// segment left behind, and nothing outside the run touched (the sentinel).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

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

TEST_CASE("emit onto the input is refused before the input is touched", "[hostile][cli]") {
  // `--emit x.csv` on `--input x.csv` truncated the input, then reported
  // every row as truncated.
  test::TempDir dir;
  const auto csv = dir.path() / "x.csv";
  const auto mbox = dir.path() / "x.mbox";
  test::write_file(csv, "RawText\n\"To: a@b.c\n\nHello\"\n");
  test::write_file(mbox, "From a@b.c Thu Jan  1 00:00:00 2001\nTo: a@b.c\n\nHello\n");
  std::filesystem::create_symlink(csv, dir.path() / "link.csv");
  std::filesystem::create_hard_link(mbox, dir.path() / "hard.mbox");
  struct Case {
    std::string input, emit;
  };
  const std::string maildir = test::generated_corpus().string();
  const std::string first_item = (test::generated_corpus() / std::filesystem::directory_iterator(test::generated_corpus())->path().filename()).string();
  for (const Case& c : {Case{csv.string(), csv.string()}, Case{csv.string(), (dir.path() / "link.csv").string()},
                        Case{csv.string(), (dir.path() / "." / "x.csv").string()},
                        Case{mbox.string(), (dir.path() / "hard.mbox").string()},
                        Case{maildir, first_item + "/new.jsonl"}, Case{maildir, maildir + "/../maildir/out.jsonl"}}) {
    INFO("--input " << c.input << " --emit " << c.emit);
    std::string before = test::read_text_file(c.input.find("maildir") != std::string::npos ? c.emit : c.input);
    auto r = test::run_mpingest({"--input", c.input, "--emit", c.emit, "-q"});
    CHECK(r.exit_code == 2);
    CHECK(mentions(r.err, "--emit"));
    if (c.input.find("maildir") == std::string::npos) CHECK(test::read_text_file(c.input) == before);
  }
  CHECK(!std::filesystem::exists(first_item + "/new.jsonl"));
}

TEST_CASE("file names that are not UTF-8 are reported losslessly, and control characters are inert",
          "[hostile][cli]") {
  // A file named "\xff" made --format json throw, exit 4, empty stdout.
  test::TempDir dir;
  const auto root = dir.path() / "w\xfe";  // the input root itself is not UTF-8 either
  test::write_file(root / "a/ok", "To: A@b.c\n\nHi\n");
  test::write_file(root / "a/\xff", "");
  test::write_file(root / "a/\xfe", "");
  test::write_file(root / "a/esc\x1b[31mred", "");
  auto json_run = test::run_mpingest({"--input", root.string(), "--format", "json", "-q"});
  INFO(json_run.err);
  REQUIRE(json_run.exit_code == 1);
  auto doc = nlohmann::json::parse(json_run.out);  // valid JSON
  CHECK(doc["config"]["input_bytes"].is_string());
  std::set<std::string> names;
  for (const auto& e : doc["errors"])
    names.insert(e["item"].get<std::string>() + "|" + e.value("item_bytes", std::string()));
  CHECK(names.size() == 3);  // two names that differ only in invalid bytes stay apart
  CHECK(names.count("a/\xef\xbf\xbd|YS//") == 1);  // U+FFFD, and base64 of "a/\xff"
  CHECK(names.count("a/\xef\xbf\xbd|YS/+") == 1);

  auto text_run = test::run_mpingest({"--input", root.string(), "-q"});
  CHECK(text_run.out.find('\x1b') == std::string::npos);  // nothing to drive a terminal
  CHECK(mentions(text_run.out, "a/esc\\x1b[31mred: empty file"));
  CHECK(mentions(text_run.out, "a/\\xff: empty file"));

  test::TempDir out;
  auto emit = test::run_mpingest({"--input", root.string(), "--emit", (out.path() / "r.jsonl").string(), "-q"});
  CHECK(emit.exit_code == 1);
  auto record = nlohmann::json::parse(test::read_text_file(out.path() / "r.jsonl"));
  CHECK(record["item"] == "a/ok");
}

TEST_CASE("a report that cannot be written is an error; a closed downstream pipe ends every mode with 141",
          "[hostile][cli]") {
  // Stdout closed or /dev/full: exit 0 and the report lost. `--emit - |
  // head -1`: exit 4 for fork and spawn, death by SIGPIPE for the others.
  const std::string bin = MPINGEST_BINARY;
  const std::string input = test::generated_corpus().string();
  for (std::string mode : {"serial", "threads", "fork", "spawn"}) {
    INFO("--mode " << mode);
    std::string run = bin + " --input " + input + " --mode " + mode + " -q";
    auto closed = test::run_command({"sh", "-c", run + " >&-"});
    CHECK(closed.exit_code == 5);
    CHECK(mentions(closed.err, "cannot write the report (stdout)"));
    auto full = test::run_command({"sh", "-c", run + " >/dev/full"});
    CHECK(full.exit_code == 5);
    CHECK(mentions(full.err, "No space left on device"));
    auto head = test::run_command({"bash", "-c", run + " --emit - | head -1 >/dev/null; exit ${PIPESTATUS[0]}"});
    CHECK(head.exit_code == 141);
    CHECK(mentions(head.err, "the reader closed the pipe"));
  }
  CHECK(test::leaked_segments().empty());
}
