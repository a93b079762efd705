#include "bench/bench_runner.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/search_path.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "bench/python_seed.h"
#include "common/system_error.h"
#include "launch/mpi_launcher.h"

namespace bp = boost::process;

namespace mpingest {
namespace {

// The run in progress, for the signal handler: Ctrl-C reaches the whole
// process group anyway, but a SIGTERM sent to the bench alone must reach
// its run too, which then cleans up after itself as usual.
volatile sig_atomic_t g_running_child = 0;
volatile sig_atomic_t g_signal = 0;

void forward_signal(int sig) {
  g_signal = sig;
  if (g_running_child > 0) ::kill(static_cast<pid_t>(g_running_child), sig);
}

class SignalForwarding {
 public:
  SignalForwarding() {
    struct sigaction action {};
    action.sa_handler = forward_signal;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &action, &old_[i]);
  }
  ~SignalForwarding() {
    for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &old_[i], nullptr);
  }
  SignalForwarding(const SignalForwarding&) = delete;
  SignalForwarding& operator=(const SignalForwarding&) = delete;

 private:
  static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
  struct sigaction old_[3];
};

// A temporary file for the run's stderr: shown only if the run fails.
class ScratchFile {
 public:
  ScratchFile() {
    char name[] = "/tmp/mpingest-bench-XXXXXX";
    int fd = ::mkstemp(name);
    if (fd < 0) throw system_error("mkstemp", errno);
    ::close(fd);
    path_ = name;
  }
  ~ScratchFile() { ::unlink(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }
  std::string contents() const {
    std::ifstream in(path_);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

 private:
  std::string path_;
};

double number(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) throw RunError(std::string("bench: report has no number '") + key + "'");
  return it->get<double>();
}

}  // namespace

BenchSample sample_from_report(const nlohmann::json& report) {
  if (!report.is_object() || !report.contains("timing") || !report.contains("totals") || !report.contains("workers"))
    throw RunError("bench: not an mpingest JSON report");
  const nlohmann::json& timing = report["timing"];
  BenchSample s;
  s.wall_s = number(timing, "wall_s");
  s.enumerate_s = number(timing, "enumerate_s");
  s.launch_s = number(timing, "launch_s");
  s.parent_rss_kb = static_cast<std::int64_t>(number(timing, "parent_max_rss_kb"));
  s.cold = report.value("/time_breakdown/cold_page_cache"_json_pointer, false);
  s.busy_cores = report.value("/time_breakdown/busy_cores"_json_pointer, 0.0);
  s.totals = report["totals"];
  // A task's own answer must agree too (the words task's is not in the totals).
  if (report.contains("words")) s.totals["words"] = report["words"];
  s.items = static_cast<std::uint64_t>(number(s.totals, "items"));
  s.bytes = static_cast<std::uint64_t>(number(s.totals, "bytes"));
  double fastest = 0, slowest = 0;
  bool first = true;
  for (const nlohmann::json& w : report["workers"]) {
    s.ipc_s += number(w, "ipc_s");
    s.max_worker_rss_kb = std::max(s.max_worker_rss_kb, static_cast<std::int64_t>(number(w, "max_rss_kb")));
    double total = number(w, "total_s");
    fastest = first ? total : std::min(fastest, total);
    slowest = first ? total : std::max(slowest, total);
    first = false;
  }
  s.imbalance = fastest > 0 ? slowest / fastest : 1;
  return s;
}

namespace {

// Runs `program args`, its stdout captured, its stderr shown only if it
// fails (exit codes other than 0 and 1, which only means some items are
// listed as errors). Throws Interrupted if the bench was.
std::string run_and_capture(const std::string& program, const std::vector<std::string>& args, bp::environment env) {
  ScratchFile errors;
  bp::ipstream out;
  std::error_code ec;
  // Dies with the bench: a run must not outlive whoever is measuring it.
  auto die_with_parent = bp::extend::on_exec_setup = [](auto&) { ::prctl(PR_SET_PDEATHSIG, SIGTERM); };
  bp::child child(bp::exe = program, bp::args = args, bp::std_in < bp::null, bp::std_out > out,
                  bp::std_err > errors.path(), env, die_with_parent, ec);
  if (ec) throw RunError("bench: cannot start " + program + ": " + ec.message());
  g_running_child = static_cast<sig_atomic_t>(child.id());
  std::string text((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  child.wait(ec);
  g_running_child = 0;
  int code = ec ? -1 : child.exit_code();

  if (g_signal != 0) throw Interrupted(g_signal);
  if (code != 0 && code != 1) {
    std::string command = program;
    for (const std::string& a : args) command += " " + a;
    throw RunError("bench: `" + command + "` exited with " + std::to_string(code) + ": " + errors.contents());
  }
  return text;
}

BenchSample run_python_case(const BenchOptions& options, const BenchCase& config) {
  std::vector<std::string> command = seed_python_command(options.python_script, options.input, options.task, config);
  std::string python = bp::search_path(command.front()).string();
  if (python.empty()) throw UsageError("bench: --python needs python3");
  command.erase(command.begin());
  return sample_from_seed_report(run_and_capture(python, command, boost::this_process::environment()));
}

}  // namespace

BenchSample run_bench_case(const BenchOptions& options, const BenchCase& config) {
  if (config.python) return run_python_case(options, config);
  std::vector<std::string> args = options.input_flags;
  for (const std::string& flag : config.flags()) args.push_back(flag);
  args.insert(args.end(), {"--format", "json", "--max-errors-shown", "0"});
  // --mode mpi: mpirun runs the executable, with the environment it needs here.
  std::string program = options.executable;
  bp::environment env = boost::this_process::environment();
  if (std::vector<std::string> launcher = config.launcher(); !launcher.empty()) {
    program = bp::search_path(launcher.front()).string();
    if (program.empty()) throw RunError("bench: --modes mpi needs " + launcher.front() + " (openmpi-bin)");
    args.insert(args.begin(), options.executable);
    args.insert(args.begin(), launcher.begin() + 1, launcher.end());
    for (const auto& [name, value] : mpirun_command(config.shards).env) env[name] = value;
  }
  std::string text = run_and_capture(program, args, env);
  nlohmann::json report = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) throw RunError("bench: `" + config.label() + "` printed no JSON report");
  return sample_from_report(report);
}

namespace {

// The seed reports only what it counts: its totals must be the baseline's on those.
bool same_totals(const BenchCase& config, const nlohmann::json& totals, const nlohmann::json& baseline) {
  if (!config.python) return totals == baseline;
  for (const auto& [key, value] : totals.items())
    if (!baseline.contains(key) || baseline[key] != value) return false;
  return !totals.empty();
}

}  // namespace

void summarize_row(BenchRow& row, double serial_median_s) {
  std::vector<double> walls, ipc, imbalance, busy;
  for (const BenchSample& s : row.samples) {
    walls.push_back(s.wall_s);
    ipc.push_back(s.ipc_s);
    imbalance.push_back(s.imbalance);
    busy.push_back(s.busy_cores);
    row.max_worker_rss_kb = std::max(row.max_worker_rss_kb, s.max_worker_rss_kb);
    row.parent_rss_kb = std::max(row.parent_rss_kb, s.parent_rss_kb);
    if (s.cold) ++row.cold_runs;
  }
  row.wall_s = summarize(walls);
  double wall = std::max(row.wall_s.median, 1e-9);
  row.speedup = serial_median_s / wall;
  row.efficiency = row.speedup / row.config.shards;
  const BenchSample& first = row.samples.front();
  row.items_per_s = static_cast<double>(first.items) / wall;
  row.mb_per_s = static_cast<double>(first.bytes) / 1e6 / wall;
  row.ipc_share = summarize(ipc).median / wall;
  row.imbalance = summarize(imbalance).median;
  row.busy_cores = summarize(busy).median;
}

bool BenchResult::all_totals_match() const {
  return std::all_of(rows.begin(), rows.end(), [](const BenchRow& r) { return r.totals_match; });
}

BenchSample run_until_warm(const std::function<BenchSample()>& run, int& reruns) {
  BenchSample sample = run();
  for (int again = 0; sample.cold && again < kColdReruns; ++again) {
    ++reruns;
    sample = run();
  }
  return sample;
}

BenchResult run_bench(const BenchOptions& options, const BenchProgress& progress) {
  if (options.repeat < 1) throw UsageError("bench: --repeat must be at least 1");
  std::vector<BenchCase> cases = expand_matrix(options.axes);
  SignalForwarding forwarding;
  g_signal = 0;

  for (int i = 0; i < options.warmup; ++i) {
    BenchSample warm = run_bench_case(options, cases.front());
    if (progress) progress(cases.front(), 0, warm.wall_s);
  }
  BenchResult result;
  result.repeat = options.repeat;
  for (const BenchCase& c : cases) result.rows.push_back(BenchRow{c});
  for (int round = 1; round <= options.repeat; ++round) {
    for (BenchRow& row : result.rows) {
      // Bench compares strategies on a warm page cache; a machine that evicts
      // it (or a first touch) makes a run time the disk instead.
      row.samples.push_back(run_until_warm([&] { return run_bench_case(options, row.config); }, row.rerun_cold_runs));
      if (progress) progress(row.config, round, row.samples.back().wall_s);
    }
  }
  result.totals = result.rows.front().samples.front().totals;
  double serial_median = summarize([&] {
    std::vector<double> walls;
    for (const BenchSample& s : result.rows.front().samples) walls.push_back(s.wall_s);
    return walls;
  }()).median;
  for (BenchRow& row : result.rows) {
    // The seed counts files, not bytes: its rates are over the baseline's input.
    if (row.config.python)
      for (BenchSample& s : row.samples) s.bytes = result.rows.front().samples.front().bytes;
    summarize_row(row, serial_median);
    row.totals_match = std::all_of(row.samples.begin(), row.samples.end(),
                                   [&](const BenchSample& s) { return same_totals(row.config, s.totals, result.totals); });
  }
  return result;
}

}  // namespace mpingest
