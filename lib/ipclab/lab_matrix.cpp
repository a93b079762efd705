#include "ipclab/lab_matrix.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "bench/bench_stats.h"
#include "common/system_error.h"

namespace mpingest {
namespace {

double percentile(std::vector<std::int64_t>& samples, double fraction) {
  if (samples.empty()) return 0;
  auto k = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples.size()))) - 1;
  k = std::min(k, samples.size() - 1);
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(k), samples.end());
  return static_cast<double>(samples[k]) / 1000.0;
}

LabRow summarize_row(const LabRunSpec& spec, const std::vector<LabSample>& samples) {
  LabRow row;
  row.transport = spec.transport;
  row.pattern = spec.pattern;
  row.size = spec.size;
  row.workers = spec.workers;
  row.messages = samples.front().messages;
  row.repeats = static_cast<int>(samples.size());
  std::vector<double> wall, mb, msgs, reader, writers;
  std::vector<std::int64_t> trips;
  for (const LabSample& s : samples) {
    wall.push_back(s.wall_s);
    msgs.push_back(static_cast<double>(s.messages) / s.wall_s);
    mb.push_back(static_cast<double>(s.bytes) / s.wall_s / 1e6);
    reader.push_back(s.reader_cpu_s * 1e9 / static_cast<double>(s.bytes));
    writers.push_back(s.writers_cpu_s * 1e9 / static_cast<double>(s.bytes));
    trips.insert(trips.end(), s.round_trip_ns.begin(), s.round_trip_ns.end());
  }
  row.wall_s = summarize(wall).median;
  Spread rate = summarize(msgs);
  row.msgs_s = rate.median;
  row.spread = rate.relative_range();
  row.mb_s = summarize(mb).median;
  row.reader_ns_per_byte = summarize(reader).median;
  row.writers_ns_per_byte = summarize(writers).median;
  if (!trips.empty()) {
    row.p50_us = percentile(trips, 0.50);
    row.p99_us = percentile(trips, 0.99);
    row.max_us = static_cast<double>(*std::max_element(trips.begin(), trips.end())) / 1000.0;
  }
  return row;
}

}  // namespace

// A run's own setup (the segment's pages, the first buffers, faulted in at
// ~10 µs a page here: ~50 ms at 16 MiB) must be a small share of it, also
// where a few large messages would fill --seconds.
constexpr double kMinLabMessages = 32;

std::uint64_t messages_for(double seconds, double msgs_per_s, int workers, std::size_t size) {
  double per_worker = seconds * msgs_per_s / std::max(1, workers);
  double cap = static_cast<double>((std::size_t{1} << 30) / size);
  return static_cast<std::uint64_t>(std::clamp(per_worker, kMinLabMessages, std::max(kMinLabMessages, cap)));
}

std::vector<LabRow> run_lab_plan(const LabPlan& plan, const std::function<void(const LabRow&)>& progress) {
  std::vector<LabRow> rows;
  for (LabPattern pattern : plan.patterns) {
    for (std::size_t size : plan.sizes) {
      std::vector<LabRunSpec> specs;
      for (const std::string& transport : plan.transports) {
        LabRunSpec spec{transport, pattern, size, plan.workers, plan.messages, plan.pin};
        // Warm-up (untimed): faults the buffers and rings in, and measures
        // the rate that sizes the timed runs.
        LabRunSpec warm = spec;
        if (warm.messages == 0)
          warm.messages = std::clamp<std::uint64_t>((std::size_t{8} << 20) / size, 4, 20000);
        LabSample first = run_lab_once(warm);
        if (spec.messages == 0)
          spec.messages = messages_for(plan.seconds, static_cast<double>(first.messages) / first.wall_s, plan.workers, size);
        specs.push_back(spec);
      }
      std::vector<std::vector<LabSample>> samples(specs.size());
      for (int r = 0; r < plan.repeat; ++r)
        for (std::size_t t = 0; t < specs.size(); ++t) samples[t].push_back(run_lab_once(specs[t]));
      for (std::size_t t = 0; t < specs.size(); ++t) {
        rows.push_back(summarize_row(specs[t], samples[t]));
        if (progress) progress(rows.back());
      }
    }
  }
  return rows;
}

std::vector<std::size_t> parse_byte_sizes(const std::string& list) {
  std::vector<std::size_t> sizes;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? list.size() + 1 : comma + 1;
    std::size_t digits = 0;
    while (digits < item.size() && item[digits] >= '0' && item[digits] <= '9') ++digits;
    std::string unit = item.substr(digits);
    static const std::map<std::string, std::size_t> units = {{"", 1}, {"B", 1}, {"K", 1u << 10}, {"KiB", 1u << 10},
                                                             {"M", 1u << 20}, {"MiB", 1u << 20}, {"G", 1u << 30}};
    auto u = units.find(unit);
    if (digits == 0 || digits > 9 || u == units.end())
      throw UsageError("--sizes: '" + item + "' is not a size (64, 4K, 16M, ...)");
    std::size_t bytes = std::stoull(item.substr(0, digits)) * u->second;
    if (bytes == 0 || bytes > (std::size_t{1} << 30))
      throw UsageError("--sizes: '" + item + "': a message is 1 byte to 1 GiB");
    sizes.push_back(bytes);
  }
  return sizes;
}

std::string format_byte_size(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " B";
}

}  // namespace mpingest
