#pragma once
// How much a run really read from storage, as opposed to the page cache. A
// warm run reads (almost) nothing from disk; a cold one times the disk, and
// its figures cannot be compared with a warm one's. Some machines evict the
// page cache on their own (this project's benchmark VM pages out files not
// read for a minute), so a report must say which kind of run it was.

#include <cstdint>

namespace mpingest {

// Bytes this process and the children it has reaped have fetched from
// storage so far: getrusage's ru_inblock (512-byte units) for RUSAGE_SELF
// plus RUSAGE_CHILDREN. RUSAGE_SELF covers every thread, io_uring's kernel
// workers included, so a run's delta counts its workers of every launch mode
// once they are reaped. Directory blocks and the binary's own pages count too.
std::uint64_t disk_read_bytes_so_far();

}  // namespace mpingest
