#include "common/test_hooks.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace mpingest {

namespace {

std::string from_environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

const std::string& slow_phase() {
  static const std::string slow = from_environment("MPINGEST_TEST_SLOW_PHASE");
  return slow;
}

}  // namespace

bool test_phase_is_slow(std::string_view phase) { return !slow_phase().empty() && slow_phase() == phase; }

void test_slow_step(std::string_view phase) {
  if (!test_phase_is_slow(phase)) return;
  static const std::string marker = from_environment("MPINGEST_TEST_PHASE_MARKER");
  if (!marker.empty()) {
    int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
  }
  ::usleep(20'000);
}

}  // namespace mpingest
