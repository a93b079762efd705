#include "ipc/shared_futex.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <ctime>

namespace mpingest {

void shared_futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected, long timeout_ns) {
  timespec timeout{0, timeout_ns};
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAIT, expected, &timeout, nullptr, 0);
}

void shared_futex_wake_all(std::atomic<std::uint32_t>* word) {
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

}  // namespace mpingest
