// cpu_ceiling: how well this machine's cores scale on work that needs
// nothing from the kernel and no other process. It is the control for
// mpingest's scaling target: if N processes of such work cannot reach N
// times one process, no ingestion can.
//
//   cpu_ceiling --procs N --iterations I [--work arithmetic|copy]
//
// forks N processes that share I units of work equally, and prints
// {"procs", "work", "iterations", "wall_s"}: the longest any process took
// for its share, by its own clock, all of them started together (each
// spins on a shared flag until every one is ready). Forking, starting and
// exiting are left out: with the copy regions mapped they cost milliseconds
// (page tables), and a child the scheduler starts late would time the
// scheduler, not the cores.
//   arithmetic  a unit is a round of a xorshift generator in registers: no
//               memory traffic at all (the default);
//   copy        a unit is a byte copied, 64 KiB at a time, from a 64 MiB
//               region of its own (twice the L3 cache) into a 64 KiB buffer:
//               what reading a file from the page cache costs the memory
//               bus. The regions are written and mapped before the clock starts.
// Compare wall_s at --procs 1 and --procs N, run close together: on a
// virtual machine whose cores share a host core, or lose time to other
// guests, the ratio falls short of N; with copy it also falls short when
// the cores share memory bandwidth. scripts/speed_targets.py runs both in
// every round beside mpingest, with I chosen to last as long as mpingest.

#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/stopwatch.h"

namespace {

// Rounds of xorshift64: a dependency chain the compiler cannot fold or
// vectorise, about one round per nanosecond.
std::uint64_t spin(std::uint64_t rounds) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  for (std::uint64_t i = 0; i < rounds; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

constexpr std::size_t kRegionBytes = std::size_t{64} << 20;
constexpr std::size_t kChunkBytes = std::size_t{64} << 10;

// Copies `bytes` from region to a small buffer, chunk by chunk, round and
// round the region; returns a byte of what was copied, so the copies stay.
unsigned char copy(const unsigned char* region, std::uint64_t bytes) {
  static unsigned char buffer[kChunkBytes];
  unsigned char seen = 0;
  std::size_t at = 0;
  for (std::uint64_t done = 0; done < bytes; done += kChunkBytes) {
    std::memcpy(buffer, region + at, kChunkBytes);
    seen = static_cast<unsigned char>(seen + buffer[done % kChunkBytes]);
    at = (at + kChunkBytes) % kRegionBytes;
  }
  return seen;
}

// Shared by the parent and its children.
struct Control {
  std::atomic<long> ready{0};
  std::atomic<bool> go{false};
  std::atomic<std::int64_t> longest_ns{0};  // the longest share so far
};

void* shared_memory(std::size_t bytes) {
  void* map = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) {
    std::perror("cpu_ceiling: mmap");
    std::exit(1);
  }
  return map;
}

// One child: map its region, say it is ready, spin until go, work, report how long it took.
[[noreturn]] void child(Control& control, const std::string& work, std::uint64_t share, const unsigned char* region) {
  unsigned char seen = 0;
  if (region != nullptr) {
    for (std::size_t at = 0; at < kRegionBytes; at += 4096) seen = static_cast<unsigned char>(seen + region[at]);
  }
  control.ready.fetch_add(1);
  while (!control.go.load()) ::sched_yield();  // running, not asleep: no wake-up to wait for
  std::int64_t start = mpingest::steady_ns();
  // The result decides the exit code, so the work cannot be dropped.
  bool odd = work == "copy" ? copy(region, share) == 7 : spin(share) == 1;
  std::int64_t took = mpingest::steady_ns() - start;
  std::int64_t longest = control.longest_ns.load();
  while (took > longest && !control.longest_ns.compare_exchange_weak(longest, took)) {
  }
  ::_exit(odd || seen == 7 ? 3 : 0);
}

}  // namespace

int main(int argc, char** argv) {
  long procs = 0;
  long long iterations = 0;
  std::string work = "arithmetic";
  bool known = argc % 2 == 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    if (arg == "--procs") {
      procs = std::strtol(argv[i + 1], nullptr, 10);
    } else if (arg == "--iterations") {
      iterations = std::strtoll(argv[i + 1], nullptr, 10);
    } else if (arg == "--work") {
      work = argv[i + 1];
    } else {
      known = false;
    }
  }
  if (procs < 1 || iterations < 1 || !known || (work != "arithmetic" && work != "copy")) {
    std::fprintf(stderr, "usage: cpu_ceiling --procs N --iterations I [--work arithmetic|copy]   (N, I >= 1)\n");
    return 2;
  }
  auto* control = new (shared_memory(sizeof(Control))) Control;
  // copy: the regions, written by the parent and shared, so that no process
  // allocates or frees memory around the clock.
  unsigned char* regions = nullptr;
  if (work == "copy") {
    std::size_t bytes = kRegionBytes * static_cast<std::size_t>(procs);
    regions = static_cast<unsigned char*>(shared_memory(bytes));
    std::memset(regions, 1, bytes);
  }
  const auto share = static_cast<std::uint64_t>(iterations / procs);
  std::vector<pid_t> children;
  for (long k = 0; k < procs; ++k) {
    pid_t pid = ::fork();
    if (pid < 0) {
      std::perror("cpu_ceiling: fork");
      return 1;
    }
    if (pid == 0) child(*control, work, share, regions == nullptr ? nullptr : regions + kRegionBytes * static_cast<std::size_t>(k));
    children.push_back(pid);
  }
  while (control->ready.load() < procs) ::sched_yield();
  control->go.store(true);
  bool all_ok = true;
  for (pid_t pid : children) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) {
        std::perror("cpu_ceiling: waitpid");
        return 1;
      }
    }
    all_ok = all_ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  if (!all_ok) {
    std::fprintf(stderr, "cpu_ceiling: a child failed\n");
    return 1;
  }
  double wall_s = static_cast<double>(control->longest_ns.load()) / 1e9;
  std::printf("{\"procs\": %ld, \"work\": \"%s\", \"iterations\": %lld, \"wall_s\": %.6f}\n", procs, work.c_str(),
              iterations, wall_s);
  return 0;
}
