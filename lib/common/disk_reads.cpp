#include "common/disk_reads.h"

#include <sys/resource.h>

#include <initializer_list>

namespace mpingest {

std::uint64_t disk_read_bytes_so_far() {
  std::uint64_t blocks = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    struct rusage usage {};
    if (::getrusage(who, &usage) == 0 && usage.ru_inblock > 0) blocks += static_cast<std::uint64_t>(usage.ru_inblock);
  }
  return blocks * 512;
}

}  // namespace mpingest
