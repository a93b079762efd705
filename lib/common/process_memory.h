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

// The peak resident set of this process image, in KiB: VmHWM of
// /proc/self/status. Not getrusage's ru_maxrss, which Linux carries across
// exec: a spawned worker, or mpingest started by a Python script, would
// report the peak of the process it was exec'd from (the whole parent's).
// Falls back to ru_maxrss where /proc is missing.
std::int64_t peak_resident_kb();

}  // namespace mpingest
