// CSV and mbox inputs end to end: the same answer in every mode, the same
// answer as Python's csv/mailbox + email + str.isupper(), malformed records
// listed by row and line while the rest is processed.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/system_error.h"
#include "run/run_job.h"
#include "task_results.h"
#include "test_support.h"

using namespace mpingest;
using namespace std::string_literals;

namespace {

RunReport run(const std::string& input, const std::string& mode, const std::string& dispatch = "rr",
              const std::string& ipc = "pipe") {
  RunConfig c;
  c.input = input;
  c.mode = parse_launch_mode(mode);
  c.dispatch = parse_dispatch_strategy(dispatch);
  c.ipc = parse_ipc_kind(ipc);
  c.shards = mode == "serial" ? 1 : 3;
  c.batch = 7;
  c.auto_encoding = true;
  c.processing.top = 5;
  c.worker_executable = MPINGEST_BINARY;
  return run_job(c);
}

void check_equals_python(const RunReport& report, const std::string& input) {
  auto python = test::run_command({"python3", std::string(MPINGEST_SCRIPTS_DIR) + "/reference_totals.py", input, "--json"});
  if (python.exit_code == 127) {
    WARN("SKIPPED: python3 is not installed");
    return;
  }
  INFO(python.err);
  REQUIRE(python.exit_code == 0);
  const auto expected = nlohmann::json::parse(python.out)["totals"];
  CHECK(report.totals.items == expected["items"].get<std::uint64_t>());
  CHECK(report.totals.messages == expected["messages"].get<std::uint64_t>());
  CHECK(report.totals.bytes == expected["bytes"].get<std::uint64_t>());
  CHECK(test::capitals(report).capitals == expected["capitals"].get<std::uint64_t>());
  CHECK(test::capitals(report).to_addresses == expected["to_addresses"].get<std::uint64_t>());
  CHECK(test::capitals(report).messages_without_to == expected["messages_without_to"].get<std::uint64_t>());
  CHECK(report.totals.errors == expected["errors"].get<std::uint64_t>());
}

}  // namespace

TEST_CASE("CSV and mbox: every mode, dispatch and transport equals serial, and serial equals Python", "[inputs]") {
  auto input = GENERATE(test::generated_csv().string(), test::generated_mbox().string());
  RunReport serial = run(input, "serial");
  CHECK(serial.totals.messages == test::kGeneratedMessages);
  check_equals_python(serial, input);
  for (const char* mode : {"threads", "fork", "spawn"})
    for (const char* dispatch : {"rr", "block", "queue"})
      for (const char* ipc : {"pipe", "shm"}) {
        if (std::string(mode) == "threads" && std::string(ipc) == "shm") continue;
        INFO(fmt::format("{} {} {} {}", input, mode, dispatch, ipc));
        RunReport got = run(input, mode, dispatch, ipc);
        CHECK(got.complete());
        CHECK(got.totals == serial.totals);
        CHECK(got.task_report == serial.task_report);
        CHECK(test::top_of(got) == test::top_of(serial));
      }
}

TEST_CASE("a CSV's text column is decoded as UTF-8 by default, as pandas reads it", "[inputs]") {
  RunReport report = run(test::generated_csv().string(), "serial");
  CHECK(report.config.processing.encoding == TextEncoding::utf8);
  CHECK(report.format == CorpusFormat::csv);
}

TEST_CASE("malformed CSV rows are listed by row and line, and the rest is processed", "[inputs]") {
  test::TempDir dir;
  auto path = dir.path() / "bad.csv";
  test::write_file(path,
                   "\xEF\xBB\xBFId,RawText\r\n"
                   "1,\"To: A@x.com, \"\"Lay, Kenneth\"\" <k@x.com>\n\nHello\"\r\n"
                   "2,too,many\r\n"
                   "3,\"Nul \0 byte\"\r\n"
                   "4,Subject: Fine\n"
                   "5,\"unterminated\n"
                   "6,never seen as its own row\n"s);
  RunReport report = run(path.string(), "fork");
  CHECK(report.totals.items == 5);
  CHECK(report.totals.messages == 2);
  CHECK(report.totals.errors == 3);
  CHECK(test::capitals(report).to_addresses == 2);
  REQUIRE(report.errors.size() == 3);
  // Row 1's quoted field spans lines 2 to 4.
  CHECK(report.errors[0].path == "row 2 (line 5)");
  CHECK(report.errors[0].reason == "expected 2 fields, found 3");
  CHECK(report.errors[1].path == "row 3 (line 6)");
  CHECK(report.errors[1].reason == "NUL byte in row");
  CHECK(report.errors[2].path == "row 5 (line 8)");
  CHECK(report.errors[2].reason == "quoted field not closed before the end of the file");
}

TEST_CASE("an unknown --column is a usage error that lists the columns", "[inputs][cli]") {
  auto result = test::run_mpingest({"--input", test::generated_csv().string(), "--column", "Nope"});
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("RawText") != std::string::npos);
  CHECK(result.err.find("ExtractedBodyText") != std::string::npos);
}

TEST_CASE("an mbox without a From_ line is one error item, not a crash", "[inputs]") {
  test::TempDir dir;
  auto path = dir.path() / "nothing.mbox";
  test::write_file(path, "Subject: not an mbox\n\nbody\n");
  RunReport report = run(path.string(), "fork");
  CHECK(report.totals.items == 1);
  CHECK(report.totals.errors == 1);
  REQUIRE(report.errors.size() == 1);
  CHECK(report.errors[0].reason.find("not an mbox") != std::string::npos);
}

TEST_CASE("mbox >From quoting is undone before counting", "[inputs]") {
  test::TempDir dir;
  auto path = dir.path() / "quoted.mbox";
  test::write_file(path,
                   "From a@x Mon Jan  1 00:00:00 2001\nTo: b@y\n\n>From here\n>>From there\n\n"
                   "From c@x Mon Jan  1 00:00:00 2001\nTo: d@y, e@z\n\nbody\n");
  RunConfig c;
  c.input = path.string();
  c.mode = LaunchMode::serial;
  c.emit = (dir.path() / "out.jsonl").string();
  c.processing.emit_body = true;
  RunReport report = run_job(c);
  CHECK(report.totals.messages == 2);
  CHECK(test::capitals(report).to_addresses == 3);
  // "From here\n>From there\n": one '>' removed from each quoted line.
  CHECK(report.totals.bytes == std::string("To: b@y\n\nFrom here\n>From there\n").size() +
                                   std::string("To: d@y, e@z\n\nbody\n").size());
}

TEST_CASE("top senders and recipients do not depend on mode or shard count", "[inputs]") {
  std::string corpus = test::generated_corpus().string();
  RunReport serial = run(corpus, "serial");
  REQUIRE(test::top_of(serial).senders.size() == 5);
  for (int shards : {2, 7}) {
    RunConfig c;
    c.input = corpus;
    c.mode = LaunchMode::fork;
    c.shards = shards;
    c.dispatch = DispatchStrategy::queue;
    c.batch = 3;
    c.processing.top = 5;
    CHECK(test::top_of(run_job(c)) == test::top_of(serial));
  }
}

TEST_CASE("Enron sample: top 10 equals Python's getaddresses ranking", "[realdata]") {
  if (test::enron_sample().empty()) {
    WARN("SKIPPED: ../shared/data/enron-sample is absent");
    return;
  }
  RunConfig c;
  c.input = test::enron_sample().string();
  c.mode = LaunchMode::fork;
  c.processing.top = 10;
  RunReport report = run_job(c);
  std::ifstream in(std::string(MPINGEST_TEST_DATA_DIR) + "/enron_sample_top10.json");
  auto expected = nlohmann::json::parse(in);
  const TopAddresses top = test::top_of(report);
  REQUIRE(top.senders.size() == expected["senders"].size());
  for (std::size_t i = 0; i < top.senders.size(); ++i) {
    CHECK(top.senders[i].address == expected["senders"][i][0].get<std::string>());
    CHECK(top.senders[i].count == expected["senders"][i][1].get<std::uint64_t>());
    CHECK(top.recipients[i].address == expected["recipients"][i][0].get<std::string>());
    CHECK(top.recipients[i].count == expected["recipients"][i][1].get<std::uint64_t>());
    CHECK(top.pairs[i].from == expected["pairs"][i][0].get<std::string>());
    CHECK(top.pairs[i].to == expected["pairs"][i][1].get<std::string>());
    CHECK(top.pairs[i].count == expected["pairs"][i][2].get<std::uint64_t>());
  }
}

TEST_CASE("Clinton Emails.csv: totals equal Python's csv + email reference", "[clinton]") {
  std::filesystem::path base = test::enron_sample().empty() ? std::filesystem::path(MPINGEST_SHARED_DATA_DIR)
                                                            : test::enron_sample().parent_path().parent_path();
  std::filesystem::path csv = base / "clinton" / "Emails.csv";
  if (!std::filesystem::exists(csv)) {
    WARN("SKIPPED: " << csv << " is absent");
    return;
  }
  RunReport serial = run(csv.string(), "serial");
  check_equals_python(serial, csv.string());
  RunReport fork = run(csv.string(), "fork", "queue", "shm");
  CHECK(fork.totals == serial.totals);
  CHECK(fork.task_report == serial.task_report);
}

TEST_CASE("empty records of an mbox and a CSV are messages, as Python's mailbox and csv give them", "[inputs]") {
  // mpingest listed them as "empty message" errors (issue 17).
  test::TempDir dir;
  const auto mbox = dir.path() / "empties.mbox";
  const auto csv = dir.path() / "empties.csv";
  test::write_file(mbox, "From a\nTo: A@x.com\n\nBody\n\nFrom b\n\nFrom c\nTo: C@y.com\n\nEnd\n\nFrom d");
  test::write_file(csv, "Id,RawText\n1,\"To: A@x.com\n\nBody\"\n2,\n3,\"\"\n4,\"To: b@y\n\nX\"\n");
  for (const auto& input : {mbox, csv}) {
    for (std::string mode : {"serial", "fork"}) {
      INFO(input.filename().string() << " --mode " << mode);
      RunReport report = run(input.string(), mode);
      CHECK(report.totals.items == 4);
      CHECK(report.totals.errors == 0);
      check_equals_python(report, input.string());
    }
  }
}
