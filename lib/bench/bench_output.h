#pragma once
// Writing a BenchResult: a table for the terminal, JSON and CSV for
// programs and spreadsheets, and the speedup chart (svg_chart.h).

#include <nlohmann/json.hpp>
#include <string>

#include "bench/bench_runner.h"

namespace mpingest {

// Context printed with the results, so a saved file says what it measured.
struct BenchContext {
  std::string input;
  std::string machine;  // e.g. "2 cores, Linux 6.1"
  std::string date;     // UTC, ISO 8601
  std::string python;   // with --python: the interpreter that ran the seed, e.g. "Python 3.11.2"
};

std::string render_bench_table(const BenchResult& result, const BenchContext& context);
nlohmann::json bench_to_json(const BenchResult& result, const BenchContext& context);
std::string bench_to_csv(const BenchResult& result);
// Speedup against shards, one line per strategy, with the ideal line.
std::string bench_speedup_svg(const BenchResult& result, const BenchContext& context);

// "2 cores, Linux 6.1.0 x86_64" and the current UTC time, for BenchContext.
std::string describe_machine();
std::string utc_now_iso8601();

}  // namespace mpingest
