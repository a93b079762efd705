#pragma once
// "Where the time went": the run's wall time split into phases that add up
// to it, how unevenly the workers finished, and one honest sentence about
// what stands out. Shared by the text and JSON reports.
//
// Phases: enumerate, launch, work, IPC, merge, other. IPC is the parent's
// time receiving results (reading worker pipes, copying shared-memory slots)
// and decoding them; it happens inside the work window, so "work" is that
// window minus IPC. "other" is what no phase covers (opening --emit output,
// flushing records, ...). Shares are fractions of wall and sum to 1.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "run/run_job.h"

namespace mpingest {

struct PhaseShare {
  std::string name;  // "enumerate", "launch", "work", "ipc", "merge", "other"
  double seconds = 0;
  double share = 0;  // of wall, 0..1
};

struct WorkerExtreme {
  int worker = 0;
  std::uint64_t items = 0;
  double total_s = 0;
  double on_cpu = 0;  // cpu_s / total_s: below 1, it waited (disk, lock, a free core); at 1, it worked all along
};

// Among the workers of the run as asked (replacements of failed workers left out).
struct Imbalance {
  WorkerExtreme slowest;
  WorkerExtreme fastest;
  double ratio = 1;   // slowest.total_s / fastest.total_s
  double tail_s = 0;  // slowest.total_s - fastest.total_s
};

// A run that read this share of its input bytes from storage timed the disk
// as much as mpingest: its figures are not warm-cache figures. A page from
// disk costs ten times a warm file or more, so 1% already adds 10-25% to a
// run (measured by evicting every 100th file of a generated maildir).
constexpr double kColdRunDiskShare = 0.01;

struct TimeBreakdown {
  double wall_s = 0;
  std::vector<PhaseShare> phases;
  std::optional<Imbalance> imbalance;  // with two workers or more
  double cpu_s = 0;                    // user + system, all processes and threads of the run
  double busy_cores = 0;               // cpu_s / wall_s: cores busy on average, a bound on any speedup
  // All workers' cpu_s over their total_s: how much of their time they ran (none if no worker took time).
  std::optional<double> workers_on_cpu;
  unsigned cores = 1;                  // the machine's
  std::uint64_t disk_read_bytes = 0;   // from storage, not the page cache
  double disk_share = 0;               // disk_read_bytes / bytes processed (can exceed 1: directories, 4 KiB pages)
  bool cold = false;                   // disk_share >= kColdRunDiskShare
  std::string summary;                 // one or two sentences
};

TimeBreakdown time_breakdown(const RunReport& report);

}  // namespace mpingest
