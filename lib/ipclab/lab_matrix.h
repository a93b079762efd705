#pragma once
// `mpingest ipc`'s whole experiment: every transport, pattern and size,
// warmed up, repeated, and summarised into one row each.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ipclab/lab_run.h"

namespace mpingest {

struct LabPlan {
  std::vector<std::string> transports;
  std::vector<LabPattern> patterns;
  std::vector<std::size_t> sizes;
  int workers = 1;
  std::uint64_t messages = 0;  // per worker and run; 0: as many as fit in `seconds`
  double seconds = 0.2;        // the length of each timed run when messages is 0
  int repeat = 3;
  bool pin = false;
};

struct LabRow {
  std::string transport;
  LabPattern pattern = LabPattern::stream;
  std::size_t size = 0;
  int workers = 1;
  std::uint64_t messages = 0;  // per run, all workers
  int repeats = 0;
  double wall_s = 0;           // median of the repeats
  double mb_s = 0;             // megabytes (1e6) of payload a second, one way: median
  double msgs_s = 0;           // messages (stream) or round trips (pingpong) a second: median
  double spread = 0;           // (max - min) / median of msgs_s over the repeats
  double reader_ns_per_byte = 0;   // the parent's CPU per payload byte
  double writers_ns_per_byte = 0;  // the workers' CPU per payload byte, summed
  // pingpong: round-trip times over every repeat, microseconds
  double p50_us = 0, p99_us = 0, max_us = 0;
};

// Message counts for a run of about `seconds`, from a warm-up run's rate:
// at least 32, and at most what keeps a run under ~1 GiB per worker.
std::uint64_t messages_for(double seconds, double msgs_per_s, int workers, std::size_t size);

// Runs the plan; `progress` hears of each row as it is done. Rows come per
// pattern, then size, then transport; the repeats of one size are interleaved
// across transports, so a disturbance of the machine hits them alike.
std::vector<LabRow> run_lab_plan(const LabPlan& plan, const std::function<void(const LabRow&)>& progress = {});

// "64", "4K", "16M", "1G": bytes (K, M, G are 1024-based); a comma list of them.
std::vector<std::size_t> parse_byte_sizes(const std::string& list);  // throws UsageError
std::string format_byte_size(std::size_t bytes);  // "64 B", "4 KiB", "16 MiB", "4095 B"

}  // namespace mpingest
