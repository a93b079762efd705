// A run's CPU time and whether it read from disk or from the page cache:
// measured for every launch mode (workers included once reaped), and said
// in the report. The disk test evicts its files with posix_fadvise and checks
// with mincore that they are gone; where they stay (tmpfs) it skips, visibly.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sched.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>
#include <nlohmann/json.hpp>

#include "common/resource_usage.h"
#include "common/unique_fd.h"
#include "report/report.h"
#include "report/time_breakdown.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

// 4 MiB: far more than the run itself may fault in from disk (a spawned
// worker's binary pages, ~512 KiB seen once in CI), so those cannot decide
// whether a run read its files from the cache.
constexpr int kFiles = 128;
constexpr std::size_t kFileBytes = 32 * 1024;

// A maildir of kFiles messages of kFileBytes each, on disk (fsync'ed).
void write_maildir(const fs::path& root) {
  fs::create_directories(root / "user" / "inbox");
  std::string body(kFileBytes - 40, 'x');
  for (int i = 0; i < kFiles; ++i) {
    fs::path file = root / "user" / "inbox" / (std::to_string(i) + ".");
    test::write_file(file, "From: a@b.c\nSubject: S\n\n" + body.substr(0, kFileBytes - 25));
    UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    REQUIRE(fd.valid());
    REQUIRE(::fsync(fd.get()) == 0);
  }
}

// Whether any page of the file is in the page cache (mapping it faults nothing in).
bool any_page_resident(int fd) {
  void* map = ::mmap(nullptr, kFileBytes, PROT_READ, MAP_SHARED, fd, 0);
  REQUIRE(map != MAP_FAILED);
  std::vector<unsigned char> pages((kFileBytes + 4095) / 4096);
  int got = ::mincore(map, kFileBytes, pages.data());
  ::munmap(map, kFileBytes);
  REQUIRE(got == 0);
  return std::any_of(pages.begin(), pages.end(), [](unsigned char page) { return (page & 1) != 0; });
}

// Drops the files' clean pages from the page cache, so the next read goes to
// disk. False if some stayed: a filesystem without a backing store (tmpfs)
// keeps them.
bool evict(const fs::path& root) {
  bool all_gone = true;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    UniqueFd fd(::open(e.path().c_str(), O_RDONLY | O_CLOEXEC));
    REQUIRE(fd.valid());
    REQUIRE(::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED) == 0);
    all_gone = all_gone && !any_page_resident(fd.get());
  }
  return all_gone;
}

// Spins until the calling thread has used `seconds` of its own CPU time, however long that takes.
void burn_thread_cpu(double seconds) {
  timespec used{};
  do {
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &used);
  } while (static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) / 1e9 < seconds);
}

// Runs the test's process (and the threads and children it starts) on one CPU, for the scope's life.
class OnOneCpu {
 public:
  OnOneCpu() {
    REQUIRE(::sched_getaffinity(0, sizeof saved_, &saved_) == 0);
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &saved_)) {
        CPU_SET(cpu, &one);
        break;
      }
    }
    REQUIRE(::sched_setaffinity(0, sizeof one, &one) == 0);
  }
  ~OnOneCpu() { ::sched_setaffinity(0, sizeof saved_, &saved_); }
  OnOneCpu(const OnOneCpu&) = delete;
  OnOneCpu& operator=(const OnOneCpu&) = delete;

 private:
  cpu_set_t saved_{};
};

// The generated test corpus in `mode`, one worker serially, two otherwise (rr).
RunReport run_generated(const std::string& mode) {
  RunConfig c;
  c.input = test::generated_corpus().string();
  c.mode = parse_launch_mode(mode);
  c.shards = mode == "serial" ? 1 : 2;
  c.worker_executable = MPINGEST_BINARY;
  return run_job(c);
}

RunReport made_up(std::uint64_t bytes, std::uint64_t disk_read_bytes) {
  RunReport r;
  r.config.mode = LaunchMode::fork;
  r.config.shards = 2;
  r.timing = {0.5, 0.1, 9.2, 0.1, 10.0};
  r.totals.bytes = bytes;
  r.usage.disk_read_bytes = disk_read_bytes;
  return r;
}

}  // namespace

TEST_CASE("a run of files just evicted from the page cache reports the disk reads of all its workers", "[usage]") {
  test::TempDir dir;
  fs::path root = dir.path() / "maildir";
  write_maildir(root);
  auto mode = GENERATE(as<std::string>{}, "serial", "threads", "fork", "spawn");
  auto read = GENERATE(ReadMethod::syscalls, ReadMethod::automatic);
  RunConfig c;
  c.input = root.string();
  c.mode = parse_launch_mode(mode);
  c.shards = mode == "serial" ? 1 : 2;
  c.worker_executable = MPINGEST_BINARY;
  c.processing.read_method = read;

  run_job(c);  // untimed: loads the binary and its libraries before the cold run
  if (!evict(root)) {
    WARN("SKIPPED: the files under " << dir.path() << " stay in memory (tmpfs?): there is no disk to read from");
    return;
  }
  RunReport cold = run_job(c);
  CAPTURE(mode, read_method_name(read), cold.usage.disk_read_bytes);
  REQUIRE(cold.totals.messages == kFiles);
  CHECK(cold.usage.cpu_s > 0);
  // Every message was fetched from disk, by whichever process read it.
  CHECK(cold.usage.disk_read_bytes >= std::uint64_t{kFiles} * kFileBytes);
  TimeBreakdown b = time_breakdown(cold);
  CHECK(b.cold);
  CHECK(b.summary.find("came from disk, not the page cache") != std::string::npos);
  CHECK(report_to_json(cold)["timing"]["disk_read_bytes"] == cold.usage.disk_read_bytes);

  // The second run finds the files in the page cache.
  RunReport warm = run_job(c);
  CAPTURE(warm.usage.disk_read_bytes);
  CHECK(warm.usage.disk_read_bytes < std::uint64_t{kFiles} * kFileBytes / 2);
}

TEST_CASE("the CPU time of a child counts once it is reaped", "[usage]") {
  ResourceUsage before = resource_usage_so_far();
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Burn 50 ms of this process's own CPU time, however long that takes.
    timespec used {};
    do {
      ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
    } while (used.tv_sec == 0 && used.tv_nsec < 50'000'000);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  ResourceUsage spent = resource_usage_so_far() - before;
  CHECK(spent.cpu_s >= 0.045);  // getrusage rounds to the scheduler's accounting
  CHECK(spent.disk_read_bytes < (1u << 20));
}

TEST_CASE("a thread's CPU time is its own, not its process's", "[usage]") {
  double before = thread_cpu_s();
  burn_thread_cpu(before + 0.03);
  CHECK(thread_cpu_s() - before >= 0.03);

  // Another thread burns 50 ms while this one waits for it.
  double waiting_from = thread_cpu_s();
  std::thread other([] { burn_thread_cpu(0.05); });
  other.join();
  CHECK(thread_cpu_s() - waiting_from < 0.02);
  CHECK(resource_usage_so_far().cpu_s >= 0.08);  // the process counts both
}

TEST_CASE("a worker's CPU time is at most its wall time, and workers sharing one CPU add up to at most its time", "[usage]") {
  // On one CPU, workers running at the same time share it: together they
  // cannot have used more CPU time than the run had wall time. Were cpu_s
  // wall time, two overlapping workers would add up to about twice that.
  auto mode = GENERATE(as<std::string>{}, "serial", "threads", "fork", "spawn");
  OnOneCpu pinned;
  RunReport r = run_generated(mode);
  INFO("mode " << mode);
  double cpu = 0;
  for (const WorkerStats& w : r.workers) {
    CHECK(w.cpu_s > 0);
    CHECK(w.cpu_s <= w.total_s + 0.002);  // two clocks read a moment apart
    cpu += w.cpu_s;
  }
  CHECK(cpu <= r.timing.launch_s + r.timing.work_s + 0.002);  // the first worker starts while the next is launched
  TimeBreakdown b = time_breakdown(r);
  REQUIRE(b.workers_on_cpu);
  CHECK(*b.workers_on_cpu > 0);
  CHECK(*b.workers_on_cpu <= 1.01);
  CHECK(report_to_json(r)["workers"][0]["cpu_s"].get<double>() == r.workers[0].cpu_s);
}

TEST_CASE("a worker that sleeps shows it as time off a CPU", "[usage]") {
  auto mode = GENERATE(as<std::string>{}, "serial", "threads", "fork", "spawn");
  ::setenv("MPINGEST_TEST_FAULT", "pause@5", 1);  // whoever gets item 5 sleeps 100 ms
  RunReport r;
  try {
    r = run_generated(mode);
  } catch (...) {
    ::unsetenv("MPINGEST_TEST_FAULT");
    throw;
  }
  ::unsetenv("MPINGEST_TEST_FAULT");
  INFO("mode " << mode);
  const WorkerStats& sleeper = r.workers[mode == "serial" ? 0 : 1];  // rr: item 5 is worker 1's
  CHECK(sleeper.total_s - sleeper.cpu_s >= 0.09);
  CHECK(time_breakdown(r).imbalance.has_value() == (mode != "serial"));
  if (mode != "serial") CHECK(time_breakdown(r).imbalance->slowest.on_cpu < 0.9);
}

TEST_CASE("where the time went says how many cores were busy", "[usage]") {
  RunReport r = made_up(100 << 20, 0);
  r.usage.cpu_s = 16.0;  // over 10 s of wall
  r.cores = 2;
  TimeBreakdown b = time_breakdown(r);
  CHECK(b.busy_cores == Approx(1.6));
  CHECK(render_text_report(r).find("\n  CPU 16.000 s in 10.000 s of wall: 1.60 of 2 cores busy on average\n") !=
        std::string::npos);
  nlohmann::json tb = report_to_json(r)["time_breakdown"];
  CHECK(tb["busy_cores"].get<double>() == Approx(1.6));
  CHECK(tb["cores"] == 2);
  CHECK(report_to_json(r)["timing"]["cpu_s"].get<double>() == 16.0);
}

TEST_CASE("a run that read 1% of its input from disk is called cold, and that leads the summary", "[usage]") {
  TimeBreakdown cold = time_breakdown(made_up(100 << 20, 1 << 20));
  CHECK(cold.cold);
  CHECK(cold.disk_share == Approx(0.01));
  CHECK(cold.summary ==
        "1.0 MiB came from disk, not the page cache: this run timed the disk; run it again for warm-cache figures; "
        "IPC is 0.0% of wall.");
  std::string text = render_text_report(made_up(100 << 20, 1 << 20));
  CHECK(text.find("\n  from disk 1.0 MiB for 100.0 MiB of input: a cold page cache\n") != std::string::npos);
  nlohmann::json tb = report_to_json(made_up(100 << 20, 1 << 20))["time_breakdown"];
  CHECK(tb["cold_page_cache"] == true);
  CHECK(tb["disk_read_bytes"] == 1 << 20);
}

TEST_CASE("a few pages from disk are shown but do not make a run cold", "[usage]") {
  TimeBreakdown warm = time_breakdown(made_up(100 << 20, 512 << 10));
  CHECK_FALSE(warm.cold);
  CHECK(warm.summary.rfind("Work is ", 0) == 0);
  CHECK(render_text_report(made_up(100 << 20, 512 << 10))
            .find("\n  from disk 0.5 MiB; the rest of the 100.0 MiB of input came from the page cache\n") !=
        std::string::npos);
  CHECK(render_text_report(made_up(100 << 20, 0))
            .find("\n  from disk nothing: all 100.0 MiB of input came from the page cache\n") != std::string::npos);
}
