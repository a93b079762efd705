// One generated "torture" corpus holding every kind of hostile input we know.
// Each bad item must end up listed with the right reason, or processed and
// visibly tallied where Python's email package would accept it; nothing may
// crash, and items == messages + errors must hold, in every mode.
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/system_error.h"
#include "corpus/open_input.h"
#include "launch/launcher.h"
#include "run/run_job.h"
#include "task_results.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

// Builds the tree under `root`; returns, per path, the reason expected in
// `errors` ("" for items that must be processed as messages).
std::map<std::string, std::string> build_torture_corpus(const fs::path& root) {
  std::map<std::string, std::string> expect;
  auto file = [&](const std::string& path, const std::string& bytes, const std::string& reason) {
    test::write_file(root / path, bytes);
    expect[path] = reason;
  };
  file("t/ok.", "From: a@x.com\nTo: B@y.com\nSubject: Fine\n\nHello\n", "");
  file("t/empty.", "", "empty file");
  file("t/binary.", std::string("\x00\x01\x02 binary\x00\xff\xfe", 13), "");  // Python parses it: all body
  file("t/no-headers.", "Just prose, no header at all.\n", "");
  file("t/huge-header.", "X-Long: " + std::string(1 << 20, 'A') + "\nTo: c@z.com\n\nbody\n", "");
  file("t/bad-utf8.", "To: d@z.com\n\ncaf\xC3 \xFF\xFE \xED\xA0\x80\n", "");
  file("t/deep-groups.", "To: a" + std::string(100000, ':') + "\n\nx\n",
       "unparseable address list: address groups nested too deeply");
  // 200 MB, sparse: costs no disk, must not be read.
  {
    fs::path big = root / "t/huge-file.";
    int fd = ::open(big.c_str(), O_WRONLY | O_CREAT, 0644);
    REQUIRE(::ftruncate(fd, 200ll << 20) == 0);
    ::close(fd);
    expect["t/huge-file."] = "file of 209715200 bytes exceeds --max-bytes 67108864";
  }
  REQUIRE(::mkfifo((root / "t/fifo.").c_str(), 0600) == 0);
  expect["t/fifo."] = "not a regular file (FIFO), not opened";
  fs::create_symlink(root / "t/absent", root / "t/dangling.");
  expect["t/dangling."] = "symbolic link, not followed (use --follow-symlinks)";
  fs::create_directory_symlink(root / "t", root / "t/loop");
  expect["t/loop"] = "symbolic link, not followed (use --follow-symlinks)";
  file("t/deleted-later.", "To: e@z.com\n\nsoon gone\n", "cannot open: No such file or directory");
  return expect;
}

}  // namespace

TEST_CASE("torture, unprivileged: unreadable files and directories, before and after enumeration", "[torture]") {
  test::TempDir dir;
  fs::path root = dir.path() / "maildir";
  test::write_file(root / "a/ok.", "To: A@x.com\n\nReadable\n");
  test::write_file(root / "a/secret.", "To: b@x.com\n\nNot for you\n");
  test::write_file(root / "locked/hidden.", "To: c@x.com\n\nNever listed\n");
  test::write_file(root / "later/1.", "To: d@x.com\n\nListed, then locked\n");
  test::write_file(root / "later/2.", "To: e@x.com\n\nListed, then locked\n");
  fs::permissions(root / "a/secret.", fs::perms::none);
  fs::permissions(root / "locked", fs::perms::none);
  auto mode = GENERATE(as<std::string>{}, "serial", "fork", "spawn");

  std::string failure = test::run_unprivileged(dir.path(), [&]() -> std::string {
    ItemList items = enumerate_input({root.string()});
    // The directory becomes unreadable between enumeration and reading.
    fs::permissions(root / "later", fs::perms::none);
    std::unique_ptr<Launcher> launcher = make_launcher(parse_launch_mode(mode));
    DispatchSpec dispatch;
    dispatch.item_count = items.size();
    dispatch.workers = mode == "serial" ? 1 : 2;
    JobSpec spec{items, ProcessingOptions{}, dispatch};
    spec.worker_executable = MPINGEST_BINARY;
    LaunchOutcome outcome = launcher->run(spec);
    RunReport report;
    merge_shards(outcome.shards, items, report);

    std::map<std::string, std::string> got;
    for (const ReportedError& e : report.errors) got[e.path] = e.reason;
    const std::map<std::string, std::string> expect{
        {"a/secret.", "cannot open: Permission denied"},
        {"locked", "cannot read directory: Permission denied"},
        {"later/1.", "cannot open: Permission denied"},
        {"later/2.", "cannot open: Permission denied"},
    };
    std::ostringstream wrong;
    if (!outcome.failures.empty()) wrong << outcome.failures.size() << " worker failure(s); ";
    if (report.totals.items != 5 || report.totals.messages != 1 || report.totals.errors != 4) {
      wrong << "items " << report.totals.items << ", messages " << report.totals.messages << ", errors "
            << report.totals.errors << " (want 5, 1, 4); ";
    }
    if (got != expect) {
      wrong << "errors:";
      for (const auto& [path, reason] : got) wrong << " [" << path << ": " << reason << "]";
    }
    return wrong.str();
  });
  INFO(mode);
  CHECK(failure == "");
}

TEST_CASE("torture corpus: every bad item is listed with its reason, the rest is processed", "[torture]") {
  test::TempDir dir;
  fs::path root = dir.path() / "maildir";
  std::map<std::string, std::string> expect = build_torture_corpus(root);
  auto mode = GENERATE(as<std::string>{}, "serial", "threads", "fork", "spawn");

  // Enumerate, then delete a file before the workers read it.
  ItemList items = enumerate_input({root.string()});
  REQUIRE(items.size() == expect.size());
  fs::remove(root / "t/deleted-later.");

  std::unique_ptr<Launcher> launcher = make_launcher(parse_launch_mode(mode));
  ProcessingOptions processing;
  processing.encoding = TextEncoding::utf8;  // so the invalid UTF-8 is tallied too
  DispatchSpec dispatch;
  dispatch.item_count = items.size();
  dispatch.workers = mode == "serial" ? 1 : 3;
  JobSpec spec{items, processing, dispatch};
  spec.worker_executable = MPINGEST_BINARY;
  LaunchOutcome outcome = launcher->run(spec);
  REQUIRE(outcome.failures.empty());

  RunReport report;
  merge_shards(outcome.shards, items, report);
  CHECK(report.totals.items == report.totals.messages + report.totals.errors);
  CHECK(report.totals.items == expect.size());
  CHECK(test::capitals(report).messages_without_headers == 2);  // binary and no-headers
  CHECK(test::capitals(report).invalid_sequences >= 4);
  std::map<std::string, std::string> got;
  for (const ReportedError& e : report.errors) got[e.path] = e.reason;
  for (const auto& [path, reason] : expect) {
    INFO(path);
    if (reason.empty()) {
      CHECK(got.count(path) == 0);
    } else {
      CHECK(got[path] == reason);
    }
  }
}

TEST_CASE("torture: following symlinks reports a dangling one and walks a loop once", "[torture]") {
  test::TempDir dir;
  fs::path root = dir.path() / "maildir";
  build_torture_corpus(root);
  RunConfig c;
  c.input = root.string();
  c.mode = LaunchMode::fork;
  c.follow_symlinks = true;
  RunReport report = run_job(c);
  CHECK(report.complete());
  CHECK(report.totals.items == report.totals.messages + report.totals.errors);
  std::map<std::string, std::string> got;
  for (const ReportedError& e : report.errors) got[e.path] = e.reason;
  CHECK(got["t/dangling."] == "symbolic link to a missing target");
  CHECK(got["t/loop"].find("cannot read directory") != std::string::npos);
}

TEST_CASE("torture: two runs at once on the same machine do not interfere", "[torture]") {
  std::string corpus = test::generated_corpus().string();
  std::vector<std::string> args{"--input", corpus, "--mode", "fork", "--dispatch", "queue", "--ipc", "shm", "--format", "json"};
  RunReport serial = [&] {
    RunConfig c;
    c.input = corpus;
    c.mode = LaunchMode::serial;
    return run_job(c);
  }();
  // Two processes side by side, each with its own segment and queue.
  pid_t other = ::fork();
  REQUIRE(other >= 0);
  if (other == 0) {
    auto result = test::run_mpingest(args);
    ::_exit(result.exit_code);
  }
  test::note_child(other);
  auto mine = test::run_mpingest(args);
  int status = 0;
  ::waitpid(other, &status, 0);
  CHECK(WEXITSTATUS(status) == 0);
  REQUIRE(mine.exit_code == 0);
  CHECK(nlohmann::json::parse(mine.out)["totals"]["capitals"] == test::capitals(serial).capitals);
}

TEST_CASE("torture files: a CSV and an mbox with bad records, in every mode", "[torture]") {
  using namespace std::string_literals;
  test::TempDir dir;
  fs::path csv = dir.path() / "torture.csv";
  test::write_file(csv,
                   "Id,RawText\r\n"
                   "1,\"To: a@x.com\n\nFine\"\r\n"
                   "2,too,many\r\n"
                   "3,\"Nul \0 byte\"\r\n"
                   "4,\r\n"
                   "5,\"unterminated\n"
                   "6,swallowed by the open quote\n"s);
  fs::path no_from = dir.path() / "no-from.mbox";
  test::write_file(no_from, "Subject: not an mbox\n\nbody\n");
  auto mode = GENERATE(as<std::string>{}, "serial", "threads", "fork", "spawn");
  const std::vector<std::pair<fs::path, std::map<std::string, std::string>>> cases{
      {csv,
       // Row 4's empty field is a message with no headers, as Python parses it (issue 17).
       {{"row 2 (line 5)", "expected 2 fields, found 3"},  // row 1's quoted field spans lines 2 to 4
        {"row 3 (line 6)", "NUL byte in row"},
        {"row 5 (line 8)", "quoted field not closed before the end of the file"}}},
      {no_from, {{"message 1 (line 1)", ""}}},  // reason checked by prefix below
  };
  for (const auto& [input, expected] : cases) {
    RunConfig c;
    c.input = input.string();
    c.mode = parse_launch_mode(mode);
    c.shards = mode == "serial" ? 1 : 2;
    c.worker_executable = MPINGEST_BINARY;
    RunReport report = run_job(c);
    INFO(mode << " " << input.filename().string());
    CHECK(report.complete());
    CHECK(report.totals.items == report.totals.messages + report.totals.errors);
    CHECK(report.totals.errors == expected.size());
    std::map<std::string, std::string> got;
    for (const ReportedError& e : report.errors) got[e.path] = e.reason;
    for (const auto& [label, reason] : expected) {
      INFO(label);
      REQUIRE(got.count(label) == 1);
      if (reason.empty()) {
        CHECK(got[label].rfind("not an mbox", 0) == 0);
      } else {
        CHECK(got[label] == reason);
      }
    }
  }
}
