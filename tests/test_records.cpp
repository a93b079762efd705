// --emit: valid JSON Lines, the same bytes in input order from every mode,
// and a reorder buffer that stays bounded by pausing workers that are ahead.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run/run_job.h"
#include "task_results.h"
#include "test_support.h"

using namespace mpingest;

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

RunConfig emitting(const std::string& input, const std::filesystem::path& out) {
  RunConfig c;
  c.input = input;
  c.emit = out.string();
  c.worker_executable = MPINGEST_BINARY;
  return c;
}

}  // namespace

TEST_CASE("records are valid JSON with the documented fields, one per message", "[records]") {
  test::TempDir dir;
  RunConfig c = emitting(test::generated_corpus().string(), dir.path() / "out.jsonl");
  c.mode = LaunchMode::serial;
  c.processing.emit_body = true;
  RunReport report = run_job(c);
  std::istringstream lines(read_all(dir.path() / "out.jsonl"));
  std::string line;
  std::uint64_t count = 0, capitals = 0, to = 0;
  while (std::getline(lines, line)) {
    auto record = nlohmann::json::parse(line);  // throws if invalid (including invalid UTF-8)
    for (const char* key : {"item", "from", "to", "cc", "subject", "date", "capitals", "bytes", "body"})
      CHECK(record.contains(key));
    capitals += record["capitals"].get<std::uint64_t>();
    to += record["to"].size();
    ++count;
  }
  CHECK(count == report.totals.messages);
  CHECK(report.records.written == count);
  CHECK(capitals == test::capitals(report).capitals);
  CHECK(to == test::capitals(report).to_addresses);
}

TEST_CASE("Latin-1 bytes come out as proper UTF-8 characters", "[records]") {
  test::TempDir dir;
  test::write_file(dir.path() / "in/1.", "From: a@x.com\nSubject: caf\xE9 Z\xFCrich\n\nbody\n");
  RunConfig c = emitting((dir.path() / "in").string(), dir.path() / "out.jsonl");
  c.mode = LaunchMode::serial;
  run_job(c);
  auto record = nlohmann::json::parse(read_all(dir.path() / "out.jsonl"));
  CHECK(record["subject"] == "caf\xC3\xA9 Z\xC3\xBCrich");
}

TEST_CASE("ordered records are byte-identical in every mode, dispatch and transport", "[records]") {
  test::TempDir dir;
  std::string corpus = test::generated_corpus().string();
  RunConfig serial = emitting(corpus, dir.path() / "serial.jsonl");
  serial.mode = LaunchMode::serial;
  run_job(serial);
  std::string expected = read_all(dir.path() / "serial.jsonl");
  REQUIRE(!expected.empty());

  auto mode = GENERATE(as<std::string>{}, "threads", "fork", "spawn");
  auto dispatch = GENERATE(as<std::string>{}, "rr", "block", "queue");
  auto ipc = GENERATE(as<std::string>{}, "pipe", "shm");
  // A reorder bound of 1 byte pauses every worker that gets ahead: the
  // backpressure path of each transport is exercised, and must not stall.
  auto bound = GENERATE(std::size_t{1}, std::size_t{64} << 20);
  if (mode == "threads" && ipc == "shm") return;
  RunConfig c = emitting(corpus, dir.path() / "out.jsonl");
  c.mode = parse_launch_mode(mode);
  c.dispatch = parse_dispatch_strategy(dispatch);
  c.batch = 5;
  c.ipc = parse_ipc_kind(ipc);
  c.shards = 3;
  c.reorder_buffer_bytes = bound;
  INFO(fmt::format("{} {} {} bound {}", mode, dispatch, ipc, bound));
  RunReport report = run_job(c);
  CHECK(report.complete());
  CHECK(read_all(dir.path() / "out.jsonl") == expected);
}

TEST_CASE("records larger than half a ring come through shm in pieces, byte-identical to serial's", "[records][shm]") {
  test::TempDir dir;
  // Rings of 4 MiB for two workers: 2 MiB pieces. A 5 MiB body is three of
  // them, 9 MiB five; small messages around them keep the order honest.
  std::vector<std::size_t> bodies = {10, 5u << 20, 100, 9u << 20, 3, (2u << 20) - 40};
  for (std::size_t i = 0; i < bodies.size(); ++i)
    test::write_file(dir.path() / "in" / (std::to_string(i) + "."),
                     "From: a@b.c\nSubject: big " + std::to_string(i) + "\n\n" + std::string(bodies[i], 'A' + i % 26));
  std::string corpus = (dir.path() / "in").string();
  RunConfig serial = emitting(corpus, dir.path() / "serial.jsonl");
  serial.mode = LaunchMode::serial;
  serial.processing.emit_body = true;
  run_job(serial);
  std::string expected = read_all(dir.path() / "serial.jsonl");
  REQUIRE(expected.size() > (16u << 20));

  auto mode = GENERATE(as<std::string>{}, "fork", "spawn");
  // 1 byte: every worker ahead pauses, so a record's last piece is refused and taken later.
  auto bound = GENERATE(std::size_t{1}, std::size_t{64} << 20);
  RunConfig c = emitting(corpus, dir.path() / "out.jsonl");
  c.mode = parse_launch_mode(mode);
  c.ipc = IpcKind::shm;
  c.shards = 2;
  c.processing.emit_body = true;
  c.reorder_buffer_bytes = bound;
  INFO(mode << " bound " << bound);
  RunReport report = run_job(c);
  CHECK(report.complete());
  CHECK(read_all(dir.path() / "out.jsonl") == expected);
}

TEST_CASE("unordered records hold the same set of lines", "[records]") {
  test::TempDir dir;
  std::string corpus = test::generated_corpus().string();
  RunConfig serial = emitting(corpus, dir.path() / "serial.jsonl");
  serial.mode = LaunchMode::serial;
  run_job(serial);
  RunConfig c = emitting(corpus, dir.path() / "out.jsonl");
  c.mode = LaunchMode::fork;
  c.unordered = true;
  run_job(c);
  CHECK(test::sorted_lines(read_all(dir.path() / "out.jsonl")) == test::sorted_lines(read_all(dir.path() / "serial.jsonl")));
}

TEST_CASE("emitting to - writes records to stdout and the report to stderr", "[records][cli]") {
  auto result = test::run_mpingest({"--input", test::generated_corpus().string(), "--emit", "-", "--format", "json"});
  REQUIRE(result.exit_code == 0);
  auto report = nlohmann::json::parse(result.err);
  std::istringstream lines(result.out);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) CHECK_NOTHROW(nlohmann::json::parse(line));
  CHECK(count == report["totals"]["messages"].get<std::size_t>());
  CHECK(report["records"]["written"] == count);
}
