#include "common/process_memory.h"

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

}  // namespace mpingest
