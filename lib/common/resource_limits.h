#pragma once
// Checks against the limits a user can set (`ulimit -n`, `ulimit -u`), made
// before a run asks for what it cannot get: a clear message up front beats
// a worker that fails half way.

#include <cstddef>
#include <string>

namespace mpingest {

// The most workers a run starts (--shards above it is a usage error):
// enough to show what oversubscription costs, few enough that the parent's
// descriptors, the segment (at most 8 MiB a worker) and the process table
// stay sane.
constexpr int kMaxWorkers = 1024;

// Makes sure `more` descriptors can be opened on top of those open now:
// raises the soft RLIMIT_NOFILE toward the hard limit if it must (as servers
// do at start), else throws ResourceError: "<what> needs about N open
// files, but the limit (ulimit -n) is L".
void ensure_descriptors(std::size_t more, const std::string& what);

// Throws ResourceError if an unprivileged user's RLIMIT_NPROC is below
// `processes` (root is not bound by it).
void ensure_processes(std::size_t processes, const std::string& what);

// " (ulimit -u is N, ulimit -v is K)" for the limits that are finite, else
// "": for messages about a failed fork or thread creation.
std::string process_limit_hint();

// Descriptors this process has open now.
std::size_t open_descriptors();

}  // namespace mpingest
