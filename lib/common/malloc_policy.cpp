#include "common/malloc_policy.h"

#include <malloc.h>

namespace mpingest {

void return_freed_memory_before_forks() {
  // A fixed mmap threshold: buffers of 256 KiB and more (item lists while they
  // grow, the listing threads' lists) are mapped on their own and unmapped
  // when freed. glibc's default raises the threshold after such a free, and
  // then never trims the listing threads' arenas: every forked worker would
  // inherit those dead pages in its resident set (+3 MiB at 100,000 items).
  ::mallopt(M_MMAP_THRESHOLD, 256 << 10);
  // No fastbins: a small block freed beyond the thread cache merges with its
  // free neighbours at once. With them, the listing threads' tree of small
  // blocks, freed after the walk, merged only when malloc_trim consolidated
  // it, into its arena's top, which malloc_trim leaves alone in a thread's
  // arena: up to 7 MiB more in every forked worker at 520,000 items.
  ::mallopt(M_MXFAST, 0);
  ::mallopt(M_TOP_PAD, 128 << 10);  // glibc's default, undoing keep_freed_memory_for_reading
}

void keep_freed_memory_for_reading() {
  // 32 MiB is the largest threshold glibc accepts (half its heap size).
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  // Grow the heap by 64 MiB more than asked, and trim it back to no less:
  // a 16 MiB frame and its copy fit without touching a new page.
  ::mallopt(M_TOP_PAD, 64 << 20);
}

}  // namespace mpingest
