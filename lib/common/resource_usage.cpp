#include "common/resource_usage.h"

#include <sys/resource.h>
#include <time.h>

#include <initializer_list>

namespace mpingest {

ResourceUsage resource_usage_so_far() {
  ResourceUsage total;
  std::uint64_t blocks = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    struct rusage usage {};
    if (::getrusage(who, &usage) != 0) continue;
    for (const timeval& t : {usage.ru_utime, usage.ru_stime})
      total.cpu_s += static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    if (usage.ru_inblock > 0) blocks += static_cast<std::uint64_t>(usage.ru_inblock);
  }
  total.disk_read_bytes = blocks * 512;  // ru_inblock counts 512-byte blocks
  return total;
}

double thread_cpu_s() {
  timespec now{};
  if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) return 0;
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace mpingest
