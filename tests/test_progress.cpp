// The progress line: its text as a pure function, the meter's redraw and
// erase bytes, and the CLI's rules (nothing without a terminal; with
// --progress always, lines on stderr fed by every mode's status slots and a
// report unchanged on stdout). Never asserts timing.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <nlohmann/json.hpp>

#include "output/progress_line.h"
#include "output/progress_meter.h"
#include "test_support.h"

using namespace mpingest;

namespace {

constexpr std::uint64_t kMiB = 1 << 20;

// Everything written to the read end of a pipe so far.
std::string drain(int fd) {
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Whether `text` ends by erasing a line: "\r", spaces, "\r".
bool ends_erased(const std::string& text) {
  if (text.size() < 3 || text.back() != '\r') return false;
  std::size_t start = text.rfind('\r', text.size() - 2);
  if (start == std::string::npos || start + 2 == text.size()) return false;
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start) + 1, text.end() - 1, [](char c) { return c == ' '; });
}

}  // namespace

TEST_CASE("the progress line shows items, percent, MiB/s and an items-based ETA when bytes are unknown", "[progress]") {
  // 48.2 MiB in one second; 61.725% of the items in one second leaves 0.62 s.
  ProgressSnapshot s{12345, 20000, static_cast<std::uint64_t>(48.2 * kMiB), 0, 1.0};
  CHECK(format_progress_line(s) == "  12,345 / 20,000 items  61.7%  48.2 MiB/s  ETA 0.6 s");
}

TEST_CASE("the progress line's ETA follows bytes when their total is known", "[progress]") {
  // A quarter of the items but three quarters of the bytes after 3 s: 1 s to go, not 9.
  ProgressSnapshot s{250, 1000, 75 * kMiB, 100 * kMiB, 3.0};
  CHECK(format_progress_line(s) == "  250 / 1,000 items  25.0%  25.0 MiB/s  ETA 1.0 s");
}

TEST_CASE("the progress line before any item and after the last", "[progress]") {
  CHECK(format_progress_line({0, 20000, 0, 0, 0.0}) == "  0 / 20,000 items  0.0%  0.0 MiB/s  ETA --");
  CHECK(format_progress_line({20000, 20000, 10 * kMiB, 0, 2.0}) ==
        "  20,000 / 20,000 items  100.0%  5.0 MiB/s  ETA 0.0 s");
  CHECK(format_progress_line({0, 0, 0, 0, 0.5}) == "  0 / 0 items  100.0%  0.0 MiB/s  ETA 0.0 s");
}

TEST_CASE("ETAs read as seconds, minutes or hours", "[progress]") {
  CHECK(format_eta(0.84) == "0.8 s");
  CHECK(format_eta(42.4) == "42 s");
  CHECK(format_eta(185) == "3m05s");
  CHECK(format_eta(7620) == "2h07m");
  CHECK(format_eta(-1) == "--");
  CHECK(format_eta(std::numeric_limits<double>::infinity()) == "--");
}

TEST_CASE("the meter redraws in place, pads over a longer line and erases what it drew", "[progress]") {
  int fds[2];
  REQUIRE(::pipe2(fds, O_NONBLOCK) == 0);
  {
    ProgressMeter meter(fds[1], 1000, 0);
    meter.clear();  // nothing drawn: nothing to erase
    CHECK(drain(fds[0]).empty());

    meter.update(999, 0);  // the first update always draws
    std::string first = drain(fds[0]);
    REQUIRE(first.size() > 1);
    CHECK(first[0] == '\r');
    CHECK(first.find("999 / 1,000 items") != std::string::npos);
    CHECK(first.find('\n') == std::string::npos);

    meter.update(5, 0, true);  // a shorter line covers the longer one
    std::string second = drain(fds[0]);
    CHECK(second.size() == first.size());
    CHECK(second.find("5 / 1,000 items") != std::string::npos);

    meter.clear();
    CHECK(drain(fds[0]) == "\r" + std::string(first.size() - 1, ' ') + "\r");
    meter.clear();
    CHECK(drain(fds[0]).empty());
    meter.update(6, 0, true);
    CHECK(!drain(fds[0]).empty());
  }
  CHECK(drain(fds[0]).find('\r') == 0);  // the destructor erases the line
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("without a terminal nothing but the report is written", "[progress][cli]") {
  auto result = test::run_mpingest({"--input", test::generated_corpus().string(), "--mode", "fork", "--shards", "2"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.find('\r') == std::string::npos);
  CHECK(result.err.find("items ") == std::string::npos);
  CHECK(result.out.find('\r') == std::string::npos);
  CHECK(result.out.rfind("mpingest  mode fork", 0) == 0);
}

TEST_CASE("asked to always show progress, every mode draws it on stderr from its status slots, and the report is unchanged",
          "[progress][cli]") {
  auto mode = GENERATE(as<std::string>{}, "serial", "threads", "fork", "spawn");
  auto dispatch = GENERATE(as<std::string>{}, "rr", "queue");
  std::string corpus = test::generated_corpus().string();
  std::vector<std::string> args{"--input", corpus, "--mode", mode, "--dispatch", dispatch, "--format", "json"};
  if (mode != "serial") args.insert(args.end(), {"--shards", "3"});
  auto plain = test::run_mpingest(args);
  args.insert(args.end(), {"--progress", "always"});
  auto shown = test::run_mpingest(args);
  REQUIRE(plain.exit_code == 0);
  REQUIRE(shown.exit_code == 0);
  const std::string& err = shown.err;
  CHECK(err.find('\r') != std::string::npos);
  CHECK(err.find('\n') == std::string::npos);  // one line, redrawn
  // The last count drawn comes from the workers' own slots, after they finished.
  std::string all = std::to_string(test::kGeneratedMessages);
  CHECK(err.find("  " + all + " / " + all + " items  100.0%") != std::string::npos);
  CHECK(err.substr(err.size() - 1) == "\r");  // and the line was erased
  CHECK(shown.out.find('\r') == std::string::npos);
  CHECK(nlohmann::json::parse(shown.out)["totals"] == nlohmann::json::parse(plain.out)["totals"]);
}

TEST_CASE("after recovery rounds the progress line still counts every item once", "[progress][cli][recovery]") {
  test::TempDir dir;
  auto result = test::run_mpingest(
      {"--input", test::generated_corpus().string(), "--mode", "fork", "--shards", "3", "--progress", "always",
       "--format", "json"},
      {"MPINGEST_TEST_FAULT=abort@50", "MPINGEST_TEST_FAULT_ONCE=" + (dir.path() / "once").string()});
  REQUIRE(result.exit_code == 0);
  std::string all = std::to_string(test::kGeneratedMessages);
  CHECK(result.err.find("  " + all + " / " + all + " items  100.0%") != std::string::npos);
}

TEST_CASE("quiet silences the progress line even when it is asked for", "[progress][cli]") {
  auto result = test::run_mpingest(
      {"--input", test::generated_corpus().string(), "--mode", "threads", "--progress", "always", "--quiet"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("an interrupted run erases its progress line", "[progress][cli]") {
  auto mode = GENERATE(as<std::string>{}, "threads", "fork");
  test::TempDir dir;
  std::string err_path = (dir.path() / "err").string();
  pid_t parent = ::fork();
  REQUIRE(parent >= 0);
  if (parent == 0) {
    ::setenv("MPINGEST_TEST_FAULT", "hang@3", 1);  // the run cannot finish by itself
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(err, 2);
    ::execl(MPINGEST_BINARY, MPINGEST_BINARY, "--input", test::generated_corpus().c_str(), "--mode", mode.c_str(),
            "--shards", "2", "--progress", "always", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  test::note_child(parent);
  // The second draw comes from the ticker or the event loop: by then the
  // line is theirs to erase, however loaded the machine is.
  for (int tries = 0; tries < 1000; ++tries) {
    std::string err = read_file(err_path);
    if (std::count(err.begin(), err.end(), '\r') >= 2) break;
    ::usleep(10000);
  }
  ::kill(parent, SIGINT);
  int status = 0;
  ::waitpid(parent, &status, 0);
  std::string err = read_file(err_path);
  INFO(err);
  // Both stop the same way: threads after the last-resort deadline (a
  // worker hangs in pause(), where only the kernel could stop it), fork at once.
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + SIGINT);
  std::size_t message = err.find("mpingest: ");
  REQUIRE(message != std::string::npos);
  CHECK(ends_erased(err.substr(0, message)));
}
