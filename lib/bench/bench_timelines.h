#pragma once
// bench --timeline: after the timed runs, each mpingest case runs once more
// with --trace and --timeline (untimed, so tracing never enters the table),
// and all of them are drawn again on one shared time axis, one above the
// other: the lesson of a matrix in one picture.

#include <string>
#include <vector>

#include "bench/bench_runner.h"

namespace mpingest {

struct BenchTimelines {
  std::vector<std::string> charts;  // DIR/timeline-<case>.svg, one per case
  std::string combined;             // DIR/timelines.svg
};

// `dir` must exist. Throws RunError if a run fails, UsageError if a trace cannot be read back.
BenchTimelines write_bench_timelines(const BenchOptions& options, const BenchResult& result, const std::string& dir);

// "fork rr pipe x4" -> "fork-rr-pipe-x4": a case's label as a file name.
std::string case_file_stem(const BenchCase& config);

}  // namespace mpingest
