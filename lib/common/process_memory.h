#pragma once
// What this process's memory costs the machine, as opposed to its resident
// set. A forked worker's max RSS counts every page it shares copy-on-write
// with the parent (the item list among them) from the moment it is forked;
// its private memory counts only the pages it owns.

#include <cstdint>

namespace mpingest {

// Private_Clean + Private_Dirty of /proc/self/smaps_rollup, in KiB, now; 0
// where the kernel does not provide it.
std::int64_t private_memory_kb();

}  // namespace mpingest
