#pragma once
// Runs the bench matrix. Every run is a fresh `mpingest --format json`
// process, exactly what a user would type, so one run cannot warm the heap
// or inflate the parent's peak memory of the next. Repeats are interleaved
// (round 1 of every case, then round 2, ...) so that a slow spell of the
// machine spreads over all cases instead of penalising one.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/bench_matrix.h"
#include "bench/bench_stats.h"

namespace mpingest {

// What one run measured, read from its JSON report.
struct BenchSample {
  double wall_s = 0;
  double enumerate_s = 0;
  double launch_s = 0;
  double ipc_s = 0;          // parent's receive + decode time, all workers
  double imbalance = 1;      // slowest worker's total_s / fastest's
  double busy_cores = 0;     // CPU time of the run / its wall: cores busy on average
  std::int64_t max_worker_rss_kb = 0;
  std::int64_t parent_rss_kb = 0;
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  bool cold = false;         // it read from disk, not the page cache (the report's cold_page_cache)
  nlohmann::json totals;     // must be identical for every run of the matrix
};

// Parses the JSON report of one run. Throws RunError if fields are missing.
BenchSample sample_from_report(const nlohmann::json& report);

struct BenchRow {
  BenchCase config;
  std::vector<BenchSample> samples;
  Spread wall_s;
  double speedup = 0;     // serial's median wall / this case's
  double efficiency = 0;  // speedup / shards
  double items_per_s = 0;
  double mb_per_s = 0;    // 10^6 bytes per second
  double ipc_share = 0;   // median ipc_s / median wall
  double imbalance = 1;   // median
  double busy_cores = 0;  // median
  std::int64_t max_worker_rss_kb = 0;  // the largest over the repeats
  std::int64_t parent_rss_kb = 0;
  int cold_runs = 0;         // timed repeats that read from disk even when run again: their times include the disk
  int rerun_cold_runs = 0;   // runs that read from disk and were run again at once, not timed
  bool totals_match = true;  // identical to the serial baseline's (the seed's Python: on what it counts)
};

struct BenchOptions {
  std::string executable;             // the mpingest binary to run
  std::string input;                  // --input, for the seed's Python (axes.python)
  std::string python_script;          // scripts/seed_python.py
  std::string task = "capitals";      // for the seed's Python (mpingest's runs get --task in input_flags)
  std::vector<std::string> input_flags;  // --input X and friends, passed to every run
  BenchAxes axes;
  int repeat = 3;
  int warmup = 1;  // untimed runs of the serial case first (page cache, binary)
};

struct BenchResult {
  std::vector<BenchRow> rows;  // rows[0] is the serial baseline
  nlohmann::json totals;       // the baseline's totals
  int repeat = 0;
  bool all_totals_match() const;
};

// Called after each run: (case, round, wall seconds of that run).
using BenchProgress = std::function<void(const BenchCase&, int round, double wall_s)>;

// Runs one case once and returns its sample. Throws RunError if mpingest
// (or the seed's Python) fails (exit codes other than 0 and 1, which only
// means some items are listed as errors), Interrupted if it was interrupted.
BenchSample run_bench_case(const BenchOptions& options, const BenchCase& config);

// Runs `run` until it gives a run that found the page cache warm, at most
// 1 + kColdReruns times, and returns the last sample; `reruns` counts the
// cold runs it replaced. A cold run brings the pages in, so the run after
// it is warm unless the machine evicts them again at once.
constexpr int kColdReruns = 2;
BenchSample run_until_warm(const std::function<BenchSample()>& run, int& reruns);

BenchResult run_bench(const BenchOptions& options, const BenchProgress& progress = {});

// Fills a row's derived fields from its samples and the baseline's median.
void summarize_row(BenchRow& row, double serial_median_s);

}  // namespace mpingest
