// `mpingest bench`: the matrix it runs, its arithmetic, its chart, and a
// real small bench through the CLI. No timing is asserted, only structure.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "bench/bench_matrix.h"
#include "bench/bench_output.h"
#include "bench/bench_runner.h"
#include "bench/bench_stats.h"
#include "bench/python_seed.h"
#include "bench/svg_chart.h"
#include "common/system_error.h"
#include "report/report.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;
using mpingest::test::generated_corpus;
using mpingest::test::run_mpingest;
using mpingest::test::TempDir;

namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("the bench matrix starts with serial and skips combinations that mean nothing", "[bench]") {
  BenchAxes axes;
  axes.modes = {"threads", "fork"};
  axes.dispatch = {"rr", "queue"};
  axes.ipc = {"pipe", "shm"};
  axes.shards = {1, 2};
  axes.batch = {1, 64};
  std::vector<BenchCase> cases = expand_matrix(axes);
  REQUIRE(cases.front().is_serial());  // the baseline is always there
  // threads: (rr + queue x 2 batches) x 2 shards, no ipc; fork: the same x 2 transports.
  CHECK(cases.size() == 1 + 3 * 2 + 3 * 2 * 2);
  for (const BenchCase& c : cases) {
    CHECK((c.mode == LaunchMode::fork) == c.ipc.has_value());
    CHECK((c.dispatch == DispatchStrategy::queue) == (c.batch > 0));
  }
  CHECK(cases[1].label() == "threads rr x1");
  CHECK(cases.back().label() == "fork queue/64 shm x2");
  CHECK(cases.back().flags() ==
        std::vector<std::string>{"--mode", "fork", "--shards", "2", "--dispatch", "queue", "--ipc", "shm", "--batch", "64"});
  CHECK(cases.front().flags() == std::vector<std::string>{"--mode", "serial"});
}

TEST_CASE("mpi in the bench matrix runs under mpirun -n shards, with no --shards and no --ipc", "[bench]") {
  BenchAxes axes;
  axes.modes = {"serial", "mpi"};
  axes.dispatch = {"queue"};
  axes.ipc = {"pipe", "shm"};
  axes.shards = {3};
  std::vector<BenchCase> cases = expand_matrix(axes);
  REQUIRE(cases.size() == 2);
  CHECK(cases[1].strategy() == "mpi queue/64");
  CHECK(cases[1].flags() == std::vector<std::string>{"--mode", "mpi", "--dispatch", "queue", "--batch", "64"});
  const std::vector<std::string> launcher = cases[1].launcher();
  REQUIRE(launcher.size() >= 3);
  CHECK(std::vector<std::string>(launcher.begin(), launcher.begin() + 3) == std::vector<std::string>{"mpirun", "-n", "3"});
  CHECK(cases[0].launcher().empty());
}

TEST_CASE("threads+gil in the bench matrix is threads with --gil", "[bench]") {
  BenchAxes axes;
  axes.modes = {"serial", "threads+gil"};
  axes.dispatch = {"rr"};
  axes.shards = {2};
  std::vector<BenchCase> cases = expand_matrix(axes);
  REQUIRE(cases.size() == 2);
  CHECK(cases[1].strategy() == "threads+gil rr");
  CHECK(cases[1].flags() == std::vector<std::string>{"--mode", "threads", "--shards", "2", "--dispatch", "rr", "--gil"});
}

TEST_CASE("a bench comparing read methods runs every case with each, serial included", "[bench]") {
  BenchAxes axes;
  axes.modes = {"serial", "fork"};
  axes.dispatch = {"rr"};
  axes.ipc = {"pipe"};
  axes.shards = {1, 2};
  axes.read = {"syscalls", "io_uring"};
  std::vector<BenchCase> cases = expand_matrix(axes);
  REQUIRE(cases.size() == 2 + 2 * 2);
  CHECK(cases[0].label() == "serial syscalls");  // the baseline reads with the first method
  CHECK(cases[0].flags() == std::vector<std::string>{"--mode", "serial", "--read", "syscalls"});
  CHECK(cases[1].label() == "serial io_uring");
  CHECK(cases[2].label() == "fork rr pipe syscalls x1");
  CHECK(cases.back().label() == "fork rr pipe io_uring x2");
  CHECK(cases.back().flags() == std::vector<std::string>{"--mode", "fork", "--read", "io_uring", "--shards", "2",
                                                         "--dispatch", "rr", "--ipc", "pipe"});
  axes.read = {"mmap"};
  CHECK_THROWS_AS(expand_matrix(axes), UsageError);
}

TEST_CASE("bench rejects unknown names and empty or non-positive lists", "[bench]") {
  BenchAxes axes;
  axes.modes = {"fork", "fibres"};
  CHECK_THROWS_AS(expand_matrix(axes), UsageError);
  axes.modes = {"fork"};
  axes.dispatch = {};
  CHECK_THROWS_AS(expand_matrix(axes), UsageError);
  CHECK(parse_int_list("1,2,4", "--shards") == std::vector<int>{1, 2, 4});
  CHECK_THROWS_AS(parse_int_list("1,0", "--shards"), UsageError);
  CHECK_THROWS_AS(parse_int_list("2x", "--shards"), UsageError);
  CHECK(parse_name_list("serial,,fork") == std::vector<std::string>{"serial", "fork"});
}

TEST_CASE("bench summaries use the median and the range over the repeats", "[bench]") {
  Spread odd = summarize({3.0, 1.0, 2.0});
  CHECK(odd.median == 2.0);
  CHECK(odd.min == 1.0);
  CHECK(odd.max == 3.0);
  CHECK(odd.relative_range() == Approx(1.0));
  CHECK(summarize({4.0, 1.0, 2.0, 3.0}).median == 2.5);
  CHECK(summarize({5.0}).relative_range() == 0);
  CHECK_THROWS(summarize({}));
}

TEST_CASE("a bench row derives speedup, efficiency and rates from its samples", "[bench]") {
  BenchRow row{BenchCase{LaunchMode::fork, false, DispatchStrategy::rr, IpcKind::pipe, 0, 4}};
  for (double wall : {0.5, 0.25, 0.3}) {
    BenchSample s;
    s.wall_s = wall;
    s.ipc_s = wall / 10;
    s.items = 1000;
    s.bytes = 3'000'000;
    s.max_worker_rss_kb = wall == 0.5 ? 9000 : 4000;
    s.busy_cores = 4 * wall;  // 2.0, 1.0, 1.2
    row.samples.push_back(s);
  }
  summarize_row(row, /*serial_median_s=*/0.9);
  CHECK(row.wall_s.median == 0.3);
  CHECK(row.speedup == Approx(3.0));
  CHECK(row.efficiency == Approx(0.75));
  CHECK(row.items_per_s == Approx(1000 / 0.3));
  CHECK(row.mb_per_s == Approx(3.0 / 0.3));
  CHECK(row.ipc_share == Approx(0.1));
  CHECK(row.max_worker_rss_kb == 9000);  // the worst repeat, not the median
  CHECK(row.busy_cores == Approx(1.2));
}

TEST_CASE("bench counts the runs that read from disk and names them under the table", "[bench]") {
  BenchResult result;
  result.repeat = 3;
  for (BenchCase config : {BenchCase{LaunchMode::serial}, BenchCase{LaunchMode::fork, false, DispatchStrategy::rr, IpcKind::pipe, 0, 2}}) {
    BenchRow row{config};
    for (bool cold : {true, false, config.shards == 2}) {
      BenchSample s;
      s.wall_s = 0.5;
      s.items = 10;
      s.bytes = 1000;
      s.cold = cold;
      row.samples.push_back(s);
    }
    summarize_row(row, 0.5);
    result.rows.push_back(row);
  }
  CHECK(result.rows[0].cold_runs == 1);
  CHECK(result.rows[1].cold_runs == 2);
  std::string table = render_bench_table(result, {"corpus", "2 cores", "today"});
  CHECK(table.find("3 runs still read from disk when run again, and timed the disk too: serial x1 (1 of 3), "
                   "fork rr pipe x2 (2 of 3)\n") != std::string::npos);
  CHECK(table.find("run again at once") == std::string::npos);
  CHECK(bench_to_json(result, {})["rows"][1]["cold_runs"] == 2);
  std::string csv = bench_to_csv(result);
  CHECK(csv.find(",totals_match,cold_runs,busy_cores,rerun_cold_runs\n") != std::string::npos);
  CHECK(csv.find(",1,2,0.000,0\n") != std::string::npos);  // fork: totals match, 2 cold runs, none re-run

  result.rows[0].rerun_cold_runs = 3;
  table = render_bench_table(result, {});
  CHECK(table.find("3 runs read from disk, not the page cache, and were run again at once, untimed: serial x1 (3)\n") !=
        std::string::npos);
  CHECK(bench_to_json(result, {})["rows"][0]["rerun_cold_runs"] == 3);
  CHECK(bench_to_csv(result).find(",1,1,0.000,3\n") != std::string::npos);  // serial: 1 cold run kept, 3 re-run

  for (BenchRow& row : result.rows) {
    for (BenchSample& s : row.samples) s.cold = false;
    row.cold_runs = 0;
    row.rerun_cold_runs = 0;
  }
  CHECK(render_bench_table(result, {}).find("read from disk") == std::string::npos);
}

TEST_CASE("a run that read from disk is run again at once, at most twice, and the last run counts", "[bench]") {
  auto sequence = [](std::vector<bool> colds) {
    return [colds, next = std::size_t{0}]() mutable {
      BenchSample s;
      s.cold = colds.at(next);
      s.wall_s = static_cast<double>(++next);  // which run this was
      return s;
    };
  };
  int reruns = 0;
  BenchSample warm_first = run_until_warm(sequence({false}), reruns);
  CHECK(reruns == 0);
  CHECK(warm_first.wall_s == 1);

  BenchSample warm_third = run_until_warm(sequence({true, true, false}), reruns);
  CHECK(reruns == 2);
  CHECK_FALSE(warm_third.cold);
  CHECK(warm_third.wall_s == 3);

  reruns = 0;
  BenchSample still_cold = run_until_warm(sequence({true, true, true, false}), reruns);
  CHECK(reruns == kColdReruns);
  CHECK(still_cold.cold);  // given up on: it counts, and the table names it
  CHECK(still_cold.wall_s == 1 + kColdReruns);
}

TEST_CASE("a bench sample reads whether its run found a cold page cache", "[bench]") {
  RunConfig config;
  config.input = generated_corpus().string();
  config.mode = LaunchMode::serial;
  RunReport run = run_job(config);
  run.usage.disk_read_bytes = run.totals.bytes;  // as if every byte had come from disk
  CHECK(sample_from_report(report_to_json(run)).cold);
  run.usage.disk_read_bytes = 0;
  CHECK_FALSE(sample_from_report(report_to_json(run)).cold);
}

TEST_CASE("a bench sample reads a real run's JSON report", "[bench]") {
  RunConfig config;
  config.input = generated_corpus().string();
  config.mode = LaunchMode::threads;
  config.shards = 2;
  nlohmann::json report = report_to_json(run_job(config));
  BenchSample s = sample_from_report(report);
  CHECK(s.items == mpingest::test::kGeneratedMessages);
  CHECK(s.wall_s > 0);
  CHECK(s.imbalance >= 1.0);
  CHECK(s.busy_cores > 0);
  CHECK(s.busy_cores == report["time_breakdown"]["busy_cores"].get<double>());  // the report's, not recomputed
  CHECK(s.totals == report["totals"]);
  CHECK_THROWS_AS(sample_from_report(nlohmann::json::object()), RunError);
}

TEST_CASE("the speedup chart is standalone SVG with one line per series and escaped text", "[bench]") {
  LineChart chart;
  chart.title = "fork & threads <on> 2 cores";
  chart.x_ticks = {1, 2, 4};
  chart.series.push_back({"ideal", {{0, 0}, {4, 4}}, true});
  chart.series.push_back({"fork rr pipe", {{4, 2.1}, {1, 0.98}, {2, 1.9}}});
  chart.series.push_back({"threads rr", {{1, 0.95}, {2, 1.7}, {4, 1.8}}});
  std::string svg = render_svg(chart);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(count_of(svg, "<polyline") == 3);
  CHECK(count_of(svg, "<circle") == 6);  // points of real series only
  CHECK(svg.find("fork &amp; threads &lt;on&gt; 2 cores") != std::string::npos);
  CanvasMapping m = chart_mapping(chart);
  CHECK(m.x_max == 4);
  CHECK(m.y_max == 4);  // the ideal line reaches 4
  CHECK(m.px(0) == m.left);
  CHECK(m.px(4) == m.right);
  CHECK(m.py(0) == m.bottom);
  CHECK(m.py(4) == m.top);
}

TEST_CASE("a log-log chart spans whole decades in y and the data in x, with labelled ticks", "[bench]") {
  LineChart chart;
  chart.log_scale = true;
  chart.x_ticks = {64, 4096, 1 << 20};
  chart.x_tick_labels = {"64 B", "4 KiB", "1 MiB"};
  chart.series.push_back({"pipe", {{64, 30}, {4096, 1800}, {1 << 20, 900}, {1 << 21, 0}}});  // 0 cannot be drawn
  CanvasMapping m = chart_mapping(chart);
  CHECK(m.x_min == 64);
  CHECK(m.x_max == 1 << 20);
  CHECK(m.y_min == 10);
  CHECK(m.y_max == 10000);
  CHECK(m.px(64) == m.left);
  CHECK(m.px(1 << 20) == m.right);
  CHECK(m.py(100) == Approx(m.bottom - (m.bottom - m.top) / 3));  // one decade of three
  std::string svg = render_svg(chart);
  CHECK(count_of(svg, "<circle") == 3);
  CHECK(svg.find(">4 KiB</text>") != std::string::npos);
  CHECK(svg.find(">1000</text>") != std::string::npos);
  chart.series[0].points.push_back({64, 2.5e6});  // millions read as such, not 1e+06
  svg = render_svg(chart);
  CHECK(svg.find(">1M</text>") != std::string::npos);
  CHECK(svg.find(">10M</text>") != std::string::npos);
  CHECK(svg.find("e+") == std::string::npos);
}

TEST_CASE("mpingest bench runs the matrix and writes a table, JSON, CSV and SVG", "[bench][cli]") {
  TempDir out;
  auto r = run_mpingest({"bench", "--input", generated_corpus().string(), "--modes", "serial,fork,threads",
                         "--dispatch", "rr,queue", "--ipc", "pipe", "--shards", "1,2", "--repeat", "2", "--warmup", "1",
                         "--out", out.path().string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("every run gave the same totals") != std::string::npos);
  CHECK(r.out.find("fork queue/64 pipe") != std::string::npos);

  nlohmann::json doc = nlohmann::json::parse(slurp(out.path() / "bench.json"));
  REQUIRE(doc["rows"].size() == 1 + 4 + 4);
  CHECK(doc["all_totals_match"] == true);
  CHECK(doc["totals"]["items"] == mpingest::test::kGeneratedMessages);
  for (const auto& row : doc["rows"]) {
    CHECK(row["wall_s"]["samples"].size() == 2);
    CHECK(row["max_worker_rss_kb"].get<long>() > 0);
    CHECK(row["totals_match"] == true);
  }
  CHECK(doc["rows"][0]["speedup"].get<double>() == Approx(1.0));

  std::string csv = slurp(out.path() / "bench.csv");
  CHECK(count_of(csv, "\n") == 1 + 9);
  CHECK(csv.rfind("strategy,mode,", 0) == 0);
  std::string svg = slurp(out.path() / "bench.svg");
  CHECK(count_of(svg, "<polyline") == 1 + 4);  // ideal + 4 strategies (serial is the baseline, not a line)
}

TEST_CASE("mpingest bench reports a run that fails, with its command", "[bench][cli]") {
  TempDir out;
  auto r = run_mpingest({"bench", "--input", generated_corpus().string(), "--modes", "serial", "--repeat", "1",
                         "--warmup", "0", "--encoding", "ebcdic", "--out", out.path().string()});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("--encoding ebcdic") != std::string::npos);
  CHECK(r.err.find("exited with 2") != std::string::npos);
}

TEST_CASE("bench --python adds the seed's loop, then its threads, processes and Pool for each shard count", "[bench]") {
  BenchAxes axes;
  axes.modes = {"serial", "fork"};
  axes.dispatch = {"rr"};
  axes.ipc = {"pipe"};
  axes.shards = {2, 4};
  axes.python = true;
  std::vector<BenchCase> cases = expand_matrix(axes);
  REQUIRE(cases.size() == 1 + 2 + 1 + 3 * 2);
  CHECK(cases[0].is_serial());  // mpingest's serial stays the baseline
  CHECK(cases[3].label() == "python serial");
  CHECK_FALSE(cases[3].is_serial());
  CHECK(cases[4].label() == "python threads x2");
  CHECK(cases[5].label() == "python threads x4");
  CHECK(cases[9].label() == "python pool x4");
  CHECK(seed_python_command("seed.py", "/m", "capitals", cases[3]) ==
        std::vector<std::string>{"python3", "seed.py", "/m", "--keep-newlines", "--task", "capitals", "--serial"});
  CHECK(seed_python_command("seed.py", "/m", "words", cases[7]) ==
        std::vector<std::string>{"python3", "seed.py", "/m", "--keep-newlines", "--task", "words", "--processes", "4"});
}

TEST_CASE("the seed's JSON reads as a sample, and anything else is refused", "[bench]") {
  BenchSample s = sample_from_seed_report(
      R"({"mode": "pool", "workers": 2, "files": 600, "wall_s": 0.41, "totals": {"messages": 600, "capitals": 7}})");
  CHECK(s.wall_s == Approx(0.41));
  CHECK(s.items == 600);
  CHECK(s.totals["capitals"] == 7);
  CHECK_THROWS_AS(sample_from_seed_report("Traceback (most recent call last):"), RunError);
  CHECK_THROWS_AS(sample_from_seed_report(R"({"wall_s": 1})"), RunError);
}

TEST_CASE("mpingest bench --python puts the seed's Python in the table, with mpingest's totals", "[bench][cli][python]") {
  if (test::run_command({"python3", "--version"}).exit_code != 0) {
    WARN("SKIPPED: python3 is not installed");
    return;
  }
  const std::string task = GENERATE(as<std::string>{}, "capitals", "words");
  INFO(task);
  TempDir out;
  auto r = run_mpingest({"bench", "--input", generated_corpus().string(), "--task", task, "--modes", "serial", "--shards",
                         "2", "--repeat", "1", "--warmup", "0", "--python", "--out", out.path().string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("every run gave the same totals") != std::string::npos);
  nlohmann::json doc = nlohmann::json::parse(slurp(out.path() / "bench.json"));
  REQUIRE(doc["rows"].size() == 1 + 4);
  if (task == "words") CHECK(doc["totals"]["words"]["distinct"].get<int>() > 1000);
  CHECK_THAT(doc["python"].get<std::string>(), Catch::StartsWith("Python 3."));
  CHECK_THAT(r.out, Catch::Contains("python rows: scripts/seed_python.py run by Python 3."));
  for (const char* strategy : {"python serial", "python threads", "python processes", "python pool"}) {
    INFO(strategy);
    bool found = false;
    for (const auto& row : doc["rows"])
      if (row["strategy"] == strategy) {
        found = true;
        CHECK(row["mode"] == "python");
        CHECK(row["totals_match"] == true);
      }
    CHECK(found);
  }
  auto not_a_maildir = run_mpingest({"bench", "--input", test::generated_mbox().string(), "--python", "--out",
                                     out.path().string()});
  CHECK(not_a_maildir.exit_code == 2);
  CHECK_THAT(not_a_maildir.err, Catch::Contains("reads a maildir"));
}
