// "Where the time went": phases that add up to wall, the workers' imbalance,
// and the sentence that interprets them, checked on real runs (arithmetic
// only, never how long anything took) and on made-up reports (the rules).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/report.h"
#include "report/time_breakdown.h"
#include "run/run_job.h"
#include "test_support.h"

using namespace mpingest;

namespace {

RunReport run(const std::string& mode, const std::string& dispatch, const std::string& ipc = "pipe") {
  RunConfig c;
  c.input = test::generated_corpus().string();
  c.mode = parse_launch_mode(mode);
  c.dispatch = parse_dispatch_strategy(dispatch);
  c.ipc = parse_ipc_kind(ipc);
  c.shards = mode == "serial" ? 1 : 3;
  c.worker_executable = MPINGEST_BINARY;
  return run_job(c);
}

// On a CPU all its time, unless cpu_s says otherwise.
WorkerStats worker(int id, std::uint64_t items, double total_s, double ipc_s = 0, double cpu_s = -1) {
  WorkerStats w;
  w.worker = id;
  w.items = items;
  w.total_s = total_s;
  w.cpu_s = cpu_s < 0 ? total_s : cpu_s;
  w.ipc_s = ipc_s;
  return w;
}

// A fork run of 10 s: enumerate 0.5, launch 0.1, work 9.2 (0.01 of it IPC), merge 0.1, other 0.1.
RunReport made_up(const std::string& dispatch, std::vector<WorkerStats> workers) {
  RunReport r;
  r.config.mode = LaunchMode::fork;
  r.config.dispatch = parse_dispatch_strategy(dispatch);
  r.config.shards = static_cast<int>(workers.size());
  r.cores = 2;
  r.timing = {0.5, 0.1, 9.2, 0.1, 10.0};
  r.workers = std::move(workers);
  return r;
}

}  // namespace

TEST_CASE("the phases of a real run add up to its wall time", "[breakdown]") {
  auto mode = GENERATE(as<std::string>{}, "serial", "threads", "fork", "spawn");
  auto ipc = GENERATE(as<std::string>{}, "pipe", "shm");
  if (ipc == "shm" && (mode == "serial" || mode == "threads")) return;
  RunReport r = run(mode, "rr", ipc);
  TimeBreakdown b = time_breakdown(r);
  std::vector<std::string> names;
  double seconds = 0, shares = 0;
  for (const PhaseShare& p : b.phases) {
    names.push_back(p.name);
    CHECK(p.seconds >= 0);
    CHECK(p.share >= 0);
    seconds += p.seconds;
    shares += p.share;
  }
  CHECK(names == std::vector<std::string>{"enumerate", "launch", "work", "ipc", "merge", "other"});
  CHECK(shares == Approx(1.0).epsilon(1e-9));
  CHECK(seconds == Approx(r.timing.wall_s).epsilon(1e-6));
  double ipc_s = 0;
  for (const WorkerStats& w : r.workers) ipc_s += w.ipc_s;
  CHECK(b.phases[3].seconds == Approx(ipc_s).margin(1e-12));
  CHECK(b.phases[2].seconds + b.phases[3].seconds == Approx(r.timing.work_s).epsilon(1e-9));
  if (mode == "serial" || mode == "threads") CHECK(ipc_s == 0);
  if (mode == "fork" || mode == "spawn") {
    for (const WorkerStats& w : r.workers) {
      CHECK(w.ipc_s > 0);  // a result was received and decoded
      CHECK(w.ready_ns > 0);
      CHECK(w.send_s >= 0);
    }
  }
}

TEST_CASE("the imbalance names the slowest and fastest workers and their ratio", "[breakdown]") {
  auto mode = GENERATE(as<std::string>{}, "threads", "fork");
  auto dispatch = GENERATE(as<std::string>{}, "rr", "block", "queue");
  RunReport r = run(mode, dispatch);
  TimeBreakdown b = time_breakdown(r);
  REQUIRE(b.imbalance);
  const Imbalance& im = *b.imbalance;
  auto by_time = [](const WorkerStats& x, const WorkerStats& y) { return x.total_s < y.total_s; };
  auto slowest = std::max_element(r.workers.begin(), r.workers.end(), by_time);
  auto fastest = std::min_element(r.workers.begin(), r.workers.end(), by_time);
  CHECK(im.slowest.worker == slowest->worker);
  CHECK(im.slowest.items == slowest->items);
  CHECK(im.fastest.worker == fastest->worker);
  CHECK(im.fastest.items == fastest->items);
  CHECK(im.ratio == Approx(slowest->total_s / fastest->total_s));
  CHECK(im.ratio >= 1.0);
  CHECK(im.tail_s == Approx(slowest->total_s - fastest->total_s));
}

TEST_CASE("a serial run has no imbalance to report", "[breakdown]") {
  RunReport r = run("serial", "rr");
  CHECK(!time_breakdown(r).imbalance);
}

TEST_CASE("the text report ends with where the time went, the JSON report has it as time_breakdown", "[breakdown]") {
  RunReport r = run("fork", "block");
  std::string text = render_text_report(r);
  std::size_t at = text.find("\nwhere the time went (wall ");
  REQUIRE(at != std::string::npos);
  std::string section = text.substr(at);
  for (const char* row : {"\n  enumerate ", "\n  launch ", "\n  work ", "\n  IPC ", "\n  merge ", "\n  other ",
                          "\n  slowest worker ", "\n  fastest worker ", "\n  imbalance ", "\n  parent max RSS "})
    CHECK(section.find(row) != std::string::npos);
  CHECK(section.find(time_breakdown(r).summary) != std::string::npos);
  CHECK(text.substr(text.size() - 2) == ".\n");  // the summary is the report's last line

  nlohmann::json doc = report_to_json(r);
  REQUIRE(doc.contains("time_breakdown"));
  const nlohmann::json& tb = doc["time_breakdown"];
  double shares = 0;
  for (const char* phase : {"enumerate", "launch", "work", "ipc", "merge", "other"}) {
    REQUIRE(tb["phases"].contains(phase));
    shares += tb["phases"][phase]["share"].get<double>();
  }
  CHECK(shares == Approx(1.0));
  CHECK(tb["imbalance"]["ratio"].get<double>() ==
        Approx(tb["imbalance"]["slowest"]["total_s"].get<double>() / tb["imbalance"]["fastest"]["total_s"].get<double>()));
  CHECK(tb["parent_max_rss_kb"].get<std::int64_t>() > 0);
  CHECK(tb["summary"] == time_breakdown(r).summary);
}

TEST_CASE("an unbalanced static split is blamed on the dispatch", "[breakdown]") {
  RunReport r = made_up("block", {worker(0, 500, 9.0, 0.004), worker(1, 500, 4.5, 0.006)});
  TimeBreakdown b = time_breakdown(r);
  CHECK(b.imbalance->ratio == Approx(2.0));
  CHECK(b.summary ==
        "Imbalance 2.0x: the slowest worker finished 4.50 s after the fastest, on a CPU all along (more to do, or a "
        "slower core); queue dispatch would share the tail; IPC is 0.1% of wall.");
}

TEST_CASE("a slowest worker that waited off a CPU for most of its tail is said to have waited", "[breakdown]") {
  RunReport r = made_up("block", {worker(0, 500, 9.0, 0.004, 5.0), worker(1, 500, 4.5, 0.006)});
  CHECK(time_breakdown(r).summary ==
        "Imbalance 2.0x: the slowest worker finished 4.50 s after the fastest, having waited 4.00 s off a CPU; "
        "queue dispatch would share the tail; IPC is 0.1% of wall.");
}

TEST_CASE("an unbalanced queue run points at the batch size", "[breakdown]") {
  RunReport r = made_up("queue", {worker(0, 500, 9.0), worker(1, 500, 6.0)});
  CHECK(time_breakdown(r).summary.find("a smaller --batch would shorten the tail") != std::string::npos);
}

TEST_CASE("a balanced run with a large overhead names the overhead", "[breakdown]") {
  RunReport r = made_up("rr", {worker(0, 500, 1.0), worker(1, 500, 1.02)});
  r.timing = {0.1, 3.0, 6.7, 0.1, 10.0};
  CHECK(time_breakdown(r).summary ==
        "Starting the workers is 30.0% of wall: too little work to amortise it; IPC is 0.0% of wall.");
}

TEST_CASE("a balanced run says so, and in-process modes have no IPC", "[breakdown]") {
  RunReport r = made_up("rr", {worker(0, 500, 9.0), worker(1, 500, 8.9)});
  r.config.mode = LaunchMode::threads;
  CHECK(time_breakdown(r).summary ==
        "Work is 92.0% of wall, evenly spread over the workers (1.01x); no IPC: the workers share the parent's memory.");
}

TEST_CASE("replacement workers are left out of the imbalance", "[breakdown]") {
  // Worker 2 replaced a failed worker of a 2-worker run and had only a few items to redo.
  RunReport r = made_up("rr", {worker(0, 500, 9.0), worker(1, 480, 8.9), worker(2, 20, 0.1)});
  r.config.shards = 2;
  CHECK(time_breakdown(r).imbalance->fastest.worker == 1);
}

TEST_CASE("the slowest and fastest workers say how much of their time they were on a CPU", "[breakdown]") {
  // Worker 0 waited 3 s of its 9 (the disk, a lock, a core); worker 1 ran all along.
  RunReport r = made_up("rr", {worker(0, 500, 9.0, 0, 6.0), worker(1, 500, 8.0)});
  TimeBreakdown b = time_breakdown(r);
  CHECK(b.imbalance->slowest.on_cpu == Approx(6.0 / 9.0));
  CHECK(b.imbalance->fastest.on_cpu == Approx(1.0));
  REQUIRE(b.workers_on_cpu);
  CHECK(*b.workers_on_cpu == Approx(14.0 / 17.0));
  std::string text = render_text_report(r);
  CHECK(text.find("\n  slowest worker 0 (500 items) 9.000 s, on a CPU 67% of it\n") != std::string::npos);
  CHECK(text.find("\n  fastest worker 1 (500 items) 8.000 s, on a CPU 100% of it\n") != std::string::npos);
  CHECK(text.find("\n  workers on a CPU 82% of their time; the rest they waited: for the disk, a lock or a free core\n") !=
        std::string::npos);
  nlohmann::json tb = report_to_json(r)["time_breakdown"];
  CHECK(tb["workers_on_cpu"].get<double>() == Approx(14.0 / 17.0));
  CHECK(tb["imbalance"]["slowest"]["on_cpu"].get<double>() == Approx(6.0 / 9.0));
}

TEST_CASE("more workers than cores, each off a CPU most of its time, is the lesson of the run", "[breakdown]") {
  std::vector<WorkerStats> eight;
  for (int i = 0; i < 8; ++i) eight.push_back(worker(i, 100, 9.0, 0, 2.2));
  RunReport r = made_up("rr", eight);
  CHECK(time_breakdown(r).summary ==
        "8 workers took turns on 2 cores: each was on a CPU 24% of its time; more workers than cores only take turns; "
        "IPC is 0.0% of wall.");
  // As many workers as cores, waiting as long: not turn-taking but waiting, and not the lesson.
  RunReport two = made_up("rr", {worker(0, 500, 9.0, 0, 2.2), worker(1, 500, 8.9, 0, 2.2)});
  CHECK(time_breakdown(two).summary.rfind("Work is ", 0) == 0);
}

TEST_CASE("a run without workers has no on-CPU share", "[breakdown]") {
  RunReport r = made_up("rr", {});
  CHECK_FALSE(time_breakdown(r).workers_on_cpu);
  CHECK(render_text_report(r).find("workers on a CPU") == std::string::npos);
  CHECK(report_to_json(r)["time_breakdown"]["workers_on_cpu"].is_null());
}
