#include "common/process_memory.h"

#include <sys/resource.h>

#include <cstdio>
#include <cstring>

namespace mpingest {

std::int64_t private_memory_kb() {
  std::FILE* rollup = std::fopen("/proc/self/smaps_rollup", "re");
  if (rollup == nullptr) return 0;
  std::int64_t total = 0;
  char line[256];
  while (std::fgets(line, sizeof line, rollup) != nullptr) {
    long long kb = 0;
    if (std::sscanf(line, "Private_Clean: %lld kB", &kb) == 1 || std::sscanf(line, "Private_Dirty: %lld kB", &kb) == 1)
      total += kb;
  }
  std::fclose(rollup);
  return total;
}

std::int64_t peak_resident_kb() {
  std::int64_t peak = 0;
  if (std::FILE* status = std::fopen("/proc/self/status", "re")) {
    char line[256];
    long long kb = 0;
    while (std::fgets(line, sizeof line, status) != nullptr) {
      if (std::sscanf(line, "VmHWM: %lld kB", &kb) == 1) {
        peak = kb;
        break;
      }
    }
    std::fclose(status);
  }
  if (peak > 0) return peak;
  struct rusage usage {};
  return ::getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : 0;
}

}  // namespace mpingest
