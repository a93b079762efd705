#pragma once
// The text of the progress line, as a pure function of what is known, so it
// can be tested exactly:
//   "  12,345 / 20,000 items  61.7%  48.2 MiB/s  ETA 0.8 s"
// The rate is in MiB/s, like the report's rate line. The ETA extrapolates
// the fraction done so far: by bytes when the total is known up front (csv,
// mbox: record lengths), else by items (a maildir is listed without a stat
// per file, so its size is unknown until the workers have read it).

#include <cstdint>
#include <string>

namespace mpingest {

struct ProgressSnapshot {
  std::uint64_t items_done = 0;
  std::uint64_t items_total = 0;
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;  // 0: unknown
  double elapsed_s = 0;
};

std::string format_progress_line(const ProgressSnapshot& snapshot);

// "0.8 s", "42 s", "3m05s", "2h07m"; "--" when not finite or negative.
std::string format_eta(double seconds);

}  // namespace mpingest
