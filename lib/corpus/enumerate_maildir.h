#pragma once
// Walks an Enron-style maildir and lists every entry below it as an item.

#include <string>

#include "corpus/item_list.h"

namespace mpingest {

struct EnumerateOptions {
  bool follow_symlinks = false;  // follow links to files and directories (loops are detected)
  // Threads that list directories at once. Listing is system-call bound and
  // scales with cores; it is the part of a run that happens before any worker
  // starts, so a serial listing caps every parallel run's speedup (Amdahl).
  // With follow_symlinks the walk stays serial, so that which of two links
  // to one directory is walked (and which is reported as a loop) is fixed.
  unsigned threads = 1;
  // Where to say how many threads listed: fewer than asked when no more
  // could be created (ulimit -u, ulimit -v); the walk then goes on with those.
  unsigned* threads_used = nullptr;
};

// The threads enumerate_maildir lists with: options.threads, but one when
// following symlinks.
unsigned listing_threads(const EnumerateOptions& options);

// EnumerateOptions::threads for a run with `workers` parallel workers: one per
// worker, up to the cores.
unsigned listing_threads_for_workers(unsigned workers);

// Every regular file below `root` is an item; so is every other non-directory
// entry (FIFO, socket, device, symlink) and every subdirectory that cannot be
// read, each as an error item. Sorted by path.
// Throws UsageError if root is missing, unreadable, or not a directory.
ItemList enumerate_maildir(const std::string& root, const EnumerateOptions& options = {});

}  // namespace mpingest
