// mpingest ipc, the IPC lab: every transport delivers every message intact
// (the parent checks each byte) at the sizes where buffers, pages and rings
// have their edges, with one and three workers, in both patterns; a worker
// that dies mid-message is reported, never waited for; nothing is left in
// /dev/shm. Timings are measured, never asserted.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "common/system_error.h"
#include "ipclab/lab_matrix.h"
#include "ipclab/lab_message.h"
#include "ipclab/lab_output.h"
#include "ipclab/lab_run.h"
#include "ipclab/lab_transport.h"
#include "test_support.h"

using namespace mpingest;

namespace {

// 4 KiB - 1 and 4 KiB straddle a page and a pipe buffer's unit; 64 KiB + 1
// a default pipe's capacity; 16 MiB is four times a ring, so it must flow
// through one in pieces (or, for mpingest's shm, take the pipe).
constexpr std::size_t kEdgeSizes[] = {1, 4095, 4096, 65537, 16u << 20};

std::uint64_t messages_for_size(std::size_t size) { return size >= (1u << 20) ? 3 : 40; }

}  // namespace

TEST_CASE("a lab message is checked byte for byte", "[ipc]") {
  for (std::size_t size : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{4096}}) {
    LabMessages messages(size);
    std::string m;
    messages.fill(m, 2, 17);
    CHECK(m.size() == size);
    CHECK(messages.check(m, 2, 17).empty());
    if (size >= 8) {
      CHECK_FALSE(messages.check(m, 2, 18).empty());  // another message: lost or reordered
      CHECK_FALSE(messages.check(m, 1, 17).empty());  // another worker's
    }
    CHECK(messages.check(m.substr(0, size - 1), 2, 17) == std::to_string(size - 1) + " bytes, expected " +
                                                             std::to_string(size));
    if (size > 8) {
      std::string altered = m;
      altered[size - 1] = static_cast<char>(altered[size - 1] ^ 1);
      CHECK(messages.check(altered, 2, 17) == "byte " + std::to_string(size - 1) + " differs");
    }
  }
}

TEST_CASE("every transport delivers every message intact at edge sizes, 1 and 3 workers, stream and pingpong",
          "[ipc]") {
  for (const std::string& transport : lab_transport_names())
    for (LabPattern pattern : {LabPattern::stream, LabPattern::pingpong})
      for (int workers : {1, 3})
        for (std::size_t size : kEdgeSizes) {
          INFO(transport << " " << lab_pattern_name(pattern) << " " << workers << " workers, " << size << " B");
          LabRunSpec spec{transport, pattern, size, workers, messages_for_size(size), false};
          LabSample sample = run_lab_once(spec);
          CHECK(sample.messages == spec.messages * static_cast<std::uint64_t>(workers));
          CHECK(sample.bytes == sample.messages * size);
          CHECK(sample.wall_s > 0);
          if (pattern == LabPattern::pingpong) CHECK(sample.round_trip_ns.size() == sample.messages);
          CHECK(test::leaked_segments().empty());
          CHECK(test::child_processes().empty());
        }
}

TEST_CASE("a lab worker killed mid-message is reported with its messages counted, and nothing is left", "[ipc]") {
  ::setenv("MPINGEST_TEST_IPC_KILL", "1:5", 1);
  for (const std::string& transport : lab_transport_names())
    for (std::size_t size : {std::size_t{4096}, std::size_t{3u << 20}}) {
      INFO(transport << " " << size << " B");
      LabRunSpec spec{transport, LabPattern::stream, size, 3, 20, false};
      try {
        run_lab_once(spec);
        FAIL("a worker died and the run succeeded");
      } catch (const RunError& e) {
        std::string what = e.what();
        INFO(what);
        CHECK(what.find(transport + " stream") == 0);
        CHECK(what.find("worker 1") != std::string::npos);
        // Cut at the EOF (raw bytes) or as a short record (framed): either way, counted.
        CHECK((what.find("after 5 of 20 messages") != std::string::npos ||
               what.find("message 5: " + std::to_string(size / 2) + " bytes") != std::string::npos));
      }
      CHECK(test::leaked_segments().empty());
      CHECK(test::child_processes().empty());
    }
  ::unsetenv("MPINGEST_TEST_IPC_KILL");
}

TEST_CASE("lab sizes parse with binary units and are refused when they are not sizes", "[ipc]") {
  CHECK(parse_byte_sizes("64,4K,16M,1G,4096B,2KiB") ==
        std::vector<std::size_t>{64, 4096, 16u << 20, 1u << 30, 4096, 2048});
  for (const char* bad : {"", "0", "4k", "12X", "-1", "2G", "64,,4K"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_byte_sizes(bad), UsageError);
  }
  CHECK(format_byte_size(64) == "64 B");
  CHECK(format_byte_size(4095) == "4095 B");
  CHECK(format_byte_size(4096) == "4 KiB");
  CHECK(format_byte_size(16u << 20) == "16 MiB");
  CHECK(messages_for(0.2, 1e6, 2, 64) == 100000);
  CHECK(messages_for(0.2, 1.0, 1, 64) == 32);               // at least 32
  CHECK(messages_for(10, 1e6, 1, 16u << 20) == 64);         // at most 1 GiB a worker
}

TEST_CASE("the lab's crossover names the size from which shared memory stays ahead", "[ipc]") {
  auto row = [](const char* transport, std::size_t size, double msgs_s) {
    LabRow r;
    r.transport = transport;
    r.size = size;
    r.msgs_s = msgs_s;
    r.mb_s = msgs_s * static_cast<double>(size) / 1e6;
    return r;
  };
  std::vector<LabRow> rows = {row("pipe-raw", 64, 100), row("shm-raw", 64, 150),  row("pipe-raw", 4096, 100),
                              row("shm-raw", 4096, 90), row("pipe-raw", 65536, 100), row("shm-raw", 65536, 120),
                              row("pipe-raw", 1u << 20, 10), row("shm-raw", 1u << 20, 25), row("pipe", 64, 10),
                              row("shm", 64, 10)};
  for (auto [transport, p50] : {std::pair{"pipe-raw", 20.0}, std::pair{"shm-raw", 10.0}}) {
    LabRow ping = row(transport, 64, 1000);  // round trips a second do not decide: the median round trip does
    ping.pattern = LabPattern::pingpong;
    ping.p50_us = p50;
    rows.push_back(ping);
  }
  std::vector<std::string> sentences = lab_crossovers(rows);
  REQUIRE(sentences.size() == 3);
  CHECK(sentences[0] == "stream: shm-raw against pipe-raw: 10% or more ahead from 64 KiB up, and at 64 B (best 2.50x the "
                        "messages/s at 1 MiB)");
  CHECK(sentences[1] == "stream: shm against pipe: never 10% ahead (best 1.00x the messages/s at 64 B)");
  CHECK(sentences[2] == "pingpong: shm-raw against pipe-raw: 10% or more ahead at every size (best 2.00x the speed "
                        "of the median round trip at 64 B)");
  // Ahead only below some size, and then not at the largest:
  std::vector<LabRow> own = {row("pipe", 64, 100), row("shm", 64, 130), row("pipe", 4096, 100), row("shm", 4096, 300),
                             row("pipe", 1u << 22, 10), row("shm", 1u << 22, 10)};
  CHECK(lab_crossovers(own)[0] ==
        "stream: shm against pipe: 10% or more ahead up to 4 KiB (best 3.00x the messages/s at 4 KiB, 1.00x at 4 MiB)");
}

TEST_CASE("mpingest ipc writes its table, ipc.json, ipc.csv and both charts", "[ipc][cli]") {
  test::TempDir dir;
  test::CommandResult r = test::run_mpingest({"ipc", "--sizes", "64,4K", "--messages", "30", "--repeat", "2",
                                              "--workers", "2", "--out", dir.path().string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  nlohmann::json doc = nlohmann::json::parse(test::read_text_file(dir.path() / "ipc.json"));
  REQUIRE(doc["results"].size() == lab_transport_names().size() * 2 * 2);
  for (const auto& row : doc["results"]) {
    CHECK(row["messages"] == 60);
    CHECK(row["workers"] == 2);
    CHECK(row["repeats"] == 2);
    CHECK(row["mb_s"].get<double>() > 0);
    CHECK(row["msgs_s"].get<double>() > 0);
    if (row["pattern"] == "pingpong") CHECK(row["p99_us"].get<double>() >= row["p50_us"].get<double>());
  }
  CHECK(doc["crossovers"].size() == 4);
  // mpingest's own paths taken apart, per size: the pipe's CRC and decoder, the ring's copies.
  REQUIRE(doc["anatomy"].size() == 2 * 2);
  for (const auto& a : doc["anatomy"]) {
    INFO(a.dump());
    CHECK(a["steps"].size() >= 4);
    CHECK(a["writer_ns"].get<double>() > 0);
    CHECK(a["reader_ns"].get<double>() > 0);
    CHECK(a["stream_ns"].get<double>() > 0);
    std::string steps = a["steps"].dump();
    CHECK(steps.find(a["transport"] == "pipe" ? "CRC-32, writer" : "copy into the ring") != std::string::npos);
  }
  CHECK(r.out.find("Where the time goes") != std::string::npos);
  std::string csv = test::read_text_file(dir.path() / "ipc.csv");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 20);
  for (const char* chart : {"ipc-throughput.svg", "ipc-latency.svg"}) {
    std::string svg = test::read_text_file(dir.path() / chart);
    CHECK(svg.find("<svg") == 0);
    CHECK(svg.find("4 KiB") != std::string::npos);
    CHECK(svg.find("shm-raw") != std::string::npos);
  }
  CHECK(r.out.find("pipe-raw  stream       64 B") != std::string::npos);
  CHECK(r.out.find("stream: shm-raw against pipe-raw") != std::string::npos);
}

TEST_CASE("mpingest ipc refuses bad flags before measuring, and a lost worker is exit 3", "[ipc][cli]") {
  test::TempDir dir;
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--transports", "carrier-pigeon"}, {"--sizes", "12X"}, {"--pattern", "broadcast"}, {"--workers", "0"}}) {
    args.insert(args.begin(), "ipc");
    args.insert(args.end(), {"--out", dir.path().string()});
    test::CommandResult r = test::run_mpingest(args);
    INFO(args[1] << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "ipc.json"));
  }
  test::CommandResult r = test::run_mpingest({"ipc", "--transports", "shm-raw", "--sizes", "4K", "--pattern", "stream",
                                              "--workers", "2", "--messages", "20", "--out", dir.path().string()},
                                             {"MPINGEST_TEST_IPC_KILL=0:3"});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("mpingest ipc: shm-raw stream 4096 B: worker 0 closed its end after 3 of 20 messages") == 0);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "ipc.json"));
}

namespace {

// Starts `mpingest ipc` streaming over `transport` for a long time; returns
// once its workers exist.
pid_t start_long_lab(const std::string& transport, const std::string& pattern, const std::string& out) {
  pid_t parent = ::fork();
  REQUIRE(parent >= 0);
  if (parent == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(MPINGEST_BINARY, MPINGEST_BINARY, "ipc", "--transports", transport.c_str(), "--sizes", "64K", "--pattern",
            pattern.c_str(), "--workers", "2", "--messages", "100000000", "--out", out.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  test::note_child(parent);
  for (int tries = 0; tries < 500 && test::child_processes_of(parent).empty(); ++tries) ::usleep(10000);
  ::usleep(200000);
  return parent;
}

}  // namespace

TEST_CASE("SIGINT or SIGTERM stops mpingest ipc within a second: workers reaped, segment removed", "[ipc][cli]") {
  auto sig = GENERATE(SIGINT, SIGTERM);
  for (const char* transport : {"shm-raw", "shm", "pipe"})
    for (const char* pattern : {"stream", "pingpong"}) {
      INFO(transport << " " << pattern);
      test::TempDir out;
      pid_t parent = start_long_lab(transport, pattern, out.path().string());
      std::vector<int> workers = test::child_processes_of(parent);
      CHECK(workers.size() == 2);
      auto sent = std::chrono::steady_clock::now();
      ::kill(parent, sig);
      int status = 0;
      ::waitpid(parent, &status, 0);
      CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count() < 1.0);
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 128 + sig);
      for (int pid : workers) CHECK(::kill(pid, 0) != 0);
      CHECK(test::leaked_segments().empty());
    }
}

TEST_CASE("mpingest ipc killed outright takes its workers along, and clean removes its segment", "[ipc][cli]") {
  for (const char* transport : {"shm-raw", "shm"}) {
    INFO(transport);
    test::TempDir out;
    pid_t parent = start_long_lab(transport, "stream", out.path().string());
    std::vector<int> workers = test::child_processes_of(parent);
    CHECK(workers.size() == 2);
    ::kill(parent, SIGKILL);  // no chance to clean up
    ::waitpid(parent, nullptr, 0);
    // PR_SET_PDEATHSIG ends the workers (given 10 s on a loaded machine).
    for (int tries = 0; tries < 1000; ++tries) {
      bool any = false;
      for (int pid : workers) any = any || ::kill(pid, 0) == 0;
      if (!any) break;
      ::usleep(10000);
    }
    for (int pid : workers) CHECK(::kill(pid, 0) != 0);
    CHECK_FALSE(test::leaked_segments().empty());  // the parent had no chance
    test::CommandResult clean = test::run_mpingest({"clean"});
    CHECK(clean.exit_code == 0);
    CHECK(test::leaked_segments().empty());
  }
}
