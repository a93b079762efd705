#include "bench/bench_output.h"

#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "bench/svg_chart.h"

namespace mpingest {
namespace {

double kib_to_mib(std::int64_t kib) { return static_cast<double>(kib) / 1024.0; }

}  // namespace

std::string describe_machine() {
  struct utsname u {};
  ::uname(&u);
  long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  return fmt::format("{} core{}, {} {} {}", cores, cores == 1 ? "" : "s", u.sysname, u.release, u.machine);
}

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string render_bench_table(const BenchResult& r, const BenchContext& context) {
  const BenchSample& base = r.rows.front().samples.front();
  std::string out = fmt::format("mpingest bench  {}  ({} items, {:.1f} MB)  {}, median of {}\n\n", context.input,
                                base.items, static_cast<double>(base.bytes) / 1e6, context.machine, r.repeat);
  out += fmt::format("{:<30} {:>6} {:>9} {:>7} {:>8} {:>6} {:>6} {:>10} {:>8} {:>6} {:>6} {:>10} {:>10}\n",
                     "strategy", "shards", "wall_s", "spread", "speedup", "eff", "cores", "items/s", "MB/s", "ipc%",
                     "imbal", "worker_MiB", "parent_MiB");
  for (const BenchRow& row : r.rows) {
    out += fmt::format("{:<30} {:>6} {:>9.3f} {:>6.0f}% {:>7.2f}x {:>5.0f}% ", row.config.strategy(), row.config.shards,
                       row.wall_s.median, 100 * row.wall_s.relative_range(), row.speedup, 100 * row.efficiency);
    // The seed's Python reports its wall and totals only: what it does not measure is left blank.
    out += row.config.python ? fmt::format("{:>6} {:>10.0f} {:>8.1f} {:>6} {:>6} {:>10} {:>10}", "-", row.items_per_s,
                                           row.mb_per_s, "-", "-", "-", "-")
                             : fmt::format("{:>6.2f} {:>10.0f} {:>8.1f} {:>5.1f}% {:>6.2f} {:>10.1f} {:>10.1f}",
                                           row.busy_cores, row.items_per_s, row.mb_per_s, 100 * row.ipc_share,
                                           row.imbalance, kib_to_mib(row.max_worker_rss_kb), kib_to_mib(row.parent_rss_kb));
    out += row.totals_match ? "\n" : "  TOTALS DIFFER\n";
  }
  out += "\nspread: (slowest - fastest) / median over the repeats; eff: speedup / shards; "
         "cores: CPU time / wall, the cores kept busy on average;\n"
         "ipc%: parent's receive + decode time / wall; imbal: slowest worker / fastest worker.\n";
  std::string rerun, cold;
  int rerun_runs = 0, cold_runs = 0;
  for (const BenchRow& row : r.rows) {
    if (row.rerun_cold_runs > 0)
      rerun += fmt::format("{}{} x{} ({})", rerun.empty() ? "" : ", ", row.config.strategy(), row.config.shards,
                           row.rerun_cold_runs);
    if (row.cold_runs > 0)
      cold += fmt::format("{}{} x{} ({} of {})", cold.empty() ? "" : ", ", row.config.strategy(), row.config.shards,
                          row.cold_runs, row.samples.size());
    rerun_runs += row.rerun_cold_runs;
    cold_runs += row.cold_runs;
  }
  if (rerun_runs > 0)
    out += fmt::format("{} run{} read from disk, not the page cache, and {} run again at once, untimed: {}\n",
                       rerun_runs, rerun_runs == 1 ? "" : "s", rerun_runs == 1 ? "was" : "were", rerun);
  if (cold_runs > 0)
    out += fmt::format("{} run{} still read from disk when run again, and timed the disk too: {}\n", cold_runs,
                       cold_runs == 1 ? "" : "s", cold);
  if (!context.python.empty())
    out += "python rows: scripts/seed_python.py run by " + context.python +
           " (email.utils.getaddresses has a strict mode from 3.11.10, 3.12.6 and 3.13 on)\n";
  out += r.all_totals_match() ? "every run gave the same totals\n"
                              : "ERROR: some runs gave different totals (marked above)\n";
  return out;
}

nlohmann::json bench_to_json(const BenchResult& r, const BenchContext& context) {
  using nlohmann::json;
  json rows = json::array();
  for (const BenchRow& row : r.rows) {
    json walls = json::array();
    for (const BenchSample& s : row.samples) walls.push_back(s.wall_s);
    rows.push_back({{"strategy", row.config.strategy()},
                    {"mode", row.config.python ? "python" : launch_mode_name(row.config.mode)},
                    {"gil", row.config.gil},
                    {"dispatch", row.config.is_serial() ? json(nullptr) : json(dispatch_strategy_name(row.config.dispatch))},
                    {"ipc", row.config.ipc ? json(ipc_kind_name(*row.config.ipc)) : json(nullptr)},
                    {"batch", row.config.batch == 0 ? json(nullptr) : json(row.config.batch)},
                    {"read", row.config.read ? json(read_method_name(*row.config.read)) : json(nullptr)},
                    {"shards", row.config.shards},
                    {"wall_s", {{"median", row.wall_s.median}, {"min", row.wall_s.min}, {"max", row.wall_s.max}, {"samples", walls}}},
                    {"speedup", row.speedup},
                    {"efficiency", row.efficiency},
                    {"items_per_s", row.items_per_s},
                    {"mb_per_s", row.mb_per_s},
                    {"ipc_share", row.ipc_share},
                    {"imbalance", row.imbalance},
                    {"busy_cores", row.busy_cores},
                    {"max_worker_rss_kb", row.max_worker_rss_kb},
                    {"parent_max_rss_kb", row.parent_rss_kb},
                    {"cold_runs", row.cold_runs},
                    {"rerun_cold_runs", row.rerun_cold_runs},
                    {"totals_match", row.totals_match}});
  }
  return {{"input", context.input},   {"machine", context.machine}, {"date", context.date},
          {"python", context.python.empty() ? json(nullptr) : json(context.python)},
          {"repeat", r.repeat},       {"totals", r.totals},         {"all_totals_match", r.all_totals_match()},
          {"rows", std::move(rows)}};
}

std::string bench_to_csv(const BenchResult& r) {
  std::string out =
      "strategy,mode,gil,dispatch,ipc,batch,read,shards,wall_median_s,wall_min_s,wall_max_s,speedup,efficiency,"
      "items_per_s,mb_per_s,ipc_share,imbalance,max_worker_rss_kb,parent_max_rss_kb,totals_match,cold_runs,busy_cores,"
      "rerun_cold_runs\n";
  for (const BenchRow& row : r.rows) {
    const BenchCase& c = row.config;
    out += fmt::format("{},{},{},{},{},{},{},{},{:.6f},{:.6f},{:.6f},{:.4f},{:.4f},{:.1f},{:.2f},{:.5f},{:.3f},{},{},{},{},{:.3f},{}\n",
                       c.strategy(), c.python ? "python" : launch_mode_name(c.mode), c.gil ? 1 : 0,
                       c.is_serial() ? "" : dispatch_strategy_name(c.dispatch), c.ipc ? ipc_kind_name(*c.ipc) : "",
                       c.batch == 0 ? "" : std::to_string(c.batch), c.read ? read_method_name(*c.read) : "", c.shards, row.wall_s.median, row.wall_s.min,
                       row.wall_s.max, row.speedup, row.efficiency, row.items_per_s, row.mb_per_s, row.ipc_share,
                       row.imbalance, row.max_worker_rss_kb, row.parent_rss_kb, row.totals_match ? 1 : 0, row.cold_runs, row.busy_cores,
                       row.rerun_cold_runs);
  }
  return out;
}

std::string bench_speedup_svg(const BenchResult& r, const BenchContext& context) {
  LineChart chart;
  const BenchSample& base = r.rows.front().samples.front();
  chart.title = "mpingest: speedup over serial";
  chart.subtitle = fmt::format("{} ({} items, {:.0f} MB), {}, median of {}", context.input, base.items,
                               static_cast<double>(base.bytes) / 1e6, context.machine, r.repeat);
  chart.x_label = "workers (shards)";
  chart.y_label = "speedup (serial wall / wall)";
  std::map<std::string, ChartSeries> lines;  // by strategy, in name order
  std::vector<std::string> order;
  double max_shards = 1;
  for (const BenchRow& row : r.rows) {
    if (row.config.is_serial()) continue;
    std::string name = row.config.strategy();
    if (!lines.count(name)) order.push_back(name);
    lines[name].name = name;
    lines[name].points.push_back({static_cast<double>(row.config.shards), row.speedup});
    max_shards = std::max(max_shards, static_cast<double>(row.config.shards));
    if (std::find(chart.x_ticks.begin(), chart.x_ticks.end(), row.config.shards) == chart.x_ticks.end())
      chart.x_ticks.push_back(row.config.shards);
  }
  std::sort(chart.x_ticks.begin(), chart.x_ticks.end());
  chart.series.push_back({"ideal (speedup = workers)", {{0, 0}, {max_shards, max_shards}}, true});
  // More workers than cores cannot go faster than the cores: show where that bites.
  double cores = static_cast<double>(::sysconf(_SC_NPROCESSORS_ONLN));
  if (cores >= 1 && max_shards > cores)
    chart.series.push_back({fmt::format("this machine's {:g} cores", cores), {{0, 0}, {cores, cores}, {max_shards, cores}}, true});
  for (const std::string& name : order) chart.series.push_back(lines[name]);
  return render_svg(chart);
}

}  // namespace mpingest
