// cpu_ceiling: how well this machine's cores scale on work that needs
// nothing from the kernel, no memory traffic and no other process. It is
// the control for mpingest's scaling target: if N processes of pure
// arithmetic cannot reach N times one process, no ingestion can.
//
//   cpu_ceiling --procs N --iterations I
//
// forks N processes that each run I / N rounds of a xorshift generator in
// registers, and prints {"procs", "iterations", "wall_s"}: from the first
// fork until the last child is reaped, as mpingest's work phase is timed.
// Compare wall_s at --procs 1 and --procs N, run close together: on a
// virtual machine whose cores share a host core, or lose time to other
// guests, the ratio falls short of N. scripts/speed_targets.py runs it in
// every round beside mpingest, with I chosen to last as long as mpingest.

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

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

}  // namespace

int main(int argc, char** argv) {
  long procs = 0;
  long long iterations = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string arg = argv[i];
    if (arg == "--procs") procs = std::strtol(argv[i + 1], nullptr, 10);
    if (arg == "--iterations") iterations = std::strtoll(argv[i + 1], nullptr, 10);
  }
  if (procs < 1 || iterations < 1 || argc != 5) {
    std::fprintf(stderr, "usage: cpu_ceiling --procs N --iterations I   (N, I >= 1)\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<pid_t> children;
  for (long k = 0; k < procs; ++k) {
    pid_t pid = ::fork();
    if (pid < 0) {
      std::perror("cpu_ceiling: fork");
      return 1;
    }
    if (pid == 0) {
      // The result decides the exit code, so the loop cannot be dropped.
      ::_exit(spin(static_cast<std::uint64_t>(iterations / procs)) == 1 ? 3 : 0);
    }
    children.push_back(pid);
  }
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
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"procs\": %ld, \"iterations\": %lld, \"wall_s\": %.6f}\n", procs, iterations, wall_s);
  return all_ok ? 0 : 1;
}
