#pragma once
// Runs mpingest where hostile conditions cannot reach the machine: inside a
// new PID namespace and mount namespace (`unshare`, root only), with a
// private tmpfs on /dev/shm of a chosen size. Whatever the run kills,
// leaks or fills stays inside; when the namespace's first process ends,
// the kernel kills everything left in it.
//
// A sentinel process (`sleep`) lives beside the run for its whole length:
// a stray kill(-1) or kill of a wrong group would take it down. After the
// run, the script reports what is left: processes other than itself and
// the sentinel, and segments in /dev/shm.
//
// Tests that need it call MPINGEST_REQUIRE_SANDBOX() first: where
// namespaces are not allowed (not root), it prints a line that ctest's
// SKIP_REGULAR_EXPRESSION reports as a skip, and returns.

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace mpingest::test {

// "" if namespaces can be made here, else why not.
const std::string& sandbox_unavailable_reason();

#define MPINGEST_REQUIRE_SANDBOX()                                                          \
  do {                                                                                      \
    if (!::mpingest::test::sandbox_unavailable_reason().empty()) {                          \
      std::cout << "SKIPPED: " << ::mpingest::test::sandbox_unavailable_reason() << "\n"; \
      return;                                                                               \
    }                                                                                       \
  } while (false)

struct SandboxOptions {
  std::string shm_size = "64m";  // the private /dev/shm
  std::vector<std::string> limits;  // prlimit(1) options for mpingest, e.g. "--nofile=16" (soft and hard)
  bool unprivileged = false;     // run mpingest as a user of its own (no name, uid 100000 + this test's pid),
                                 // where limits bind as they do for users
  std::vector<std::string> env;  // NAME=VALUE for mpingest
  std::string before;            // shell commands run first (as root), e.g. mounting a small tmpfs
  std::string after;             // shell commands run after mpingest; their stdout is SandboxResult::after
  double timeout_s = 60;         // the whole run is killed after this (a hang is a failure, not a stuck CI)
  std::vector<std::string> launcher;  // run mpingest under this, e.g. {"mpirun", "-n", "3"}
};

struct SandboxResult {
  int exit_code = -1;     // mpingest's; 124 when killed by timeout_s
  std::string out;        // mpingest's stdout
  std::string err;        // mpingest's stderr
  bool sentinel_alive = false;
  std::vector<std::string> leftover_processes;  // "pid comm" of each
  std::vector<std::string> leftover_segments;   // names in the private /dev/shm
  std::string after;      // what `after` printed
  std::string log;        // everything, for INFO()
};

// Runs `mpingest args...` in a sandbox.
SandboxResult run_sandboxed(const std::vector<std::string>& args, const SandboxOptions& options = {});

// A generated maildir of `messages` files that any user can read,
// one per size per test process.
const std::filesystem::path& readable_corpus(std::uint64_t messages = 2000);

}  // namespace mpingest::test
