#pragma once
// How this process asks glibc's malloc to keep memory, by what the process
// does next. A parent about to fork wants every large freed block back in the
// kernel (each forked worker would inherit it); a parent whose workers are
// forked reads their frames, and a frame of 256 KiB or more in a fresh mapping
// costs a page fault every 4 KiB (~10 µs each on a VM): 7x the rest of the
// pipe path at 1 MiB (docs/ipc.md, "Where the time goes").

namespace mpingest {

// Before any worker is forked (the whole of `mpingest` until then), and in
// every forked worker: blocks of 256 KiB and more are mapped on their own and
// unmapped when freed, and small freed blocks merge at once (no fastbins).
void return_freed_memory_before_forks();

// Once the workers are forked: blocks up to 32 MiB come from the heap, and up
// to 64 MiB freed at its top stay there for the next frame instead of going
// back to the kernel. Workers forked later (replacements after a crash)
// inherit that much more of the parent, and go back to the first policy.
void keep_freed_memory_for_reading();

}  // namespace mpingest
