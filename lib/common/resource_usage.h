#pragma once
// What a run cost the machine beyond its wall time: the CPU time of all its
// processes and threads, and what it read from storage rather than the
// page cache. CPU time over wall time says how many cores were busy on
// average, which is what bounds a parallel speedup. Disk reads say whether
// the run was warm: a cold run times the disk, and its figures cannot be
// compared with a warm one's. Some machines evict the page cache on their
// own (this project's benchmark VM pages out files not read for a minute).

#include <cstdint>

namespace mpingest {

struct ResourceUsage {
  double cpu_s = 0;                   // user + system
  std::uint64_t disk_read_bytes = 0;  // ru_inblock, in bytes

  ResourceUsage operator-(const ResourceUsage& earlier) const {
    return {cpu_s - earlier.cpu_s, disk_read_bytes - earlier.disk_read_bytes};
  }
  ResourceUsage operator+(const ResourceUsage& more) const {
    return {cpu_s + more.cpu_s, disk_read_bytes + more.disk_read_bytes};
  }
};

// This process and the children it has reaped, so far: getrusage for
// RUSAGE_SELF plus RUSAGE_CHILDREN. RUSAGE_SELF covers every thread,
// io_uring's kernel workers included, so the difference over a run counts
// its workers of every launch mode once they are reaped. Directory blocks
// and the binary's own pages count as disk reads too.
ResourceUsage resource_usage_so_far();

// CPU time (user + system) of the calling thread so far, to the nanosecond.
// A worker's CPU time against its wall time says whether it was running or
// waiting: for the disk, for a lock, or for a core it shares with others.
// io_uring's kernel helper threads are not the caller: the run's total
// (resource_usage_so_far) counts them, this does not.
double thread_cpu_s();

}  // namespace mpingest
