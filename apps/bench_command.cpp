#include "bench_command.h"

#include <climits>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "bench/bench_output.h"
#include "bench/bench_runner.h"
#include "bench/bench_timelines.h"
#include "bench/python_seed.h"
#include "common/system_error.h"
#include "common/whole_file.h"
#include "exit_codes.h"
#include "flag_checks.h"

namespace mpingest {
namespace {

std::string this_executable() {
  char path[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n < 0) throw system_error("readlink /proc/self/exe", errno);
  return std::string(path, static_cast<std::size_t>(n));
}

// Whole or not at all (common/whole_file.h): a full disk leaves no half bench.json.
void write_file(const std::filesystem::path& path, const std::string& text) {
  write_whole_file(path.string(), text, "bench --out");
}

}  // namespace

CLI::App* add_bench_command(CLI::App& app, BenchFlags& f) {
  CLI::App* bench = app.add_subcommand(
      "bench", "Run a matrix of strategies on one input and compare them: table, bench.json, bench.csv, bench.svg");
  bench->add_option("-i,--input", f.input, "The maildir, CSV or mbox to measure")->required()->check(CLI::ExistingPath);
  bench->add_option("--input-format", f.input_format, "As for a run")->capture_default_str();
  bench->add_option("--column", f.column, "CSV: the column holding each message");
  bench->add_option("--encoding", f.encoding, "As for a run");
  bench->add_option("--task", f.task, "The task every run does (capitals, words); with --python, the seed does it too")
      ->capture_default_str();
  bench->add_option("--read", f.read, "Read methods to compare (auto, io_uring, syscalls); unset: the default");
  bench->add_option("--modes", f.modes, "Launch modes to compare; threads+gil is threads under the emulated GIL")
      ->capture_default_str();
  bench->add_option("--dispatch", f.dispatch, "Dispatch strategies (rr, block, queue, request)")->capture_default_str();
  bench->add_option("--ipc", f.ipc, "Transports for fork and spawn (pipe, shm)")->capture_default_str();
  bench->add_option("--shards", f.shards, "Worker counts")->capture_default_str();
  bench->add_option("--batch", f.batch, "Queue dispatch batch sizes")->capture_default_str();
  bench->add_option("--repeat", f.repeat, "Timed runs of each case; the table shows the median. A run that read from disk "
                    "(a cold page cache) is run again at once, twice at most")
      ->check(flags::whole_number(1, 1000))
      ->capture_default_str();
  bench->add_option("--warmup", f.warmup, "Untimed runs first, to warm the page cache")
      ->check(flags::whole_number(0, 100))
      ->capture_default_str();
  bench->add_flag("--python", f.python,
                  "Also run the seed's Python on the maildir: a loop, then threads, processes and Pool.map for each "
                  "--shards (rows 'python ...')");
  bench->add_option("--python-script", f.python_script, "The seed for --python (default: scripts/seed_python.py)");
  bench->add_flag("--timeline", f.timeline,
                  "Then run each case once more with --trace, untimed, and draw it: timeline-<case>.svg, and all "
                  "cases on one time axis in timelines.svg");
  bench->add_option("--out", f.out_dir, "Directory for bench.json, bench.csv and bench.svg")->capture_default_str();
  return bench;
}

int run_bench_command(const BenchFlags& f) {
  BenchOptions options;
  options.executable = this_executable();
  options.input_flags = {"--input", f.input, "--input-format", f.input_format, "--task", f.task};
  options.task = f.task;
  if (!f.column.empty()) options.input_flags.insert(options.input_flags.end(), {"--column", f.column});
  if (!f.encoding.empty()) options.input_flags.insert(options.input_flags.end(), {"--encoding", f.encoding});
  options.axes.modes = parse_name_list(f.modes);
  options.axes.dispatch = parse_name_list(f.dispatch);
  options.axes.ipc = parse_name_list(f.ipc);
  options.axes.shards = parse_int_list(f.shards, "--shards");
  options.axes.read = parse_name_list(f.read);
  options.axes.batch.clear();
  for (int b : parse_int_list(f.batch, "--batch")) options.axes.batch.push_back(static_cast<std::size_t>(b));
  options.repeat = f.repeat;
  options.warmup = f.warmup;
  options.axes.python = f.python;
  options.input = f.input;
  options.python_script = f.python_script.empty() ? default_seed_python_script() : f.python_script;
  if (f.python && !std::filesystem::is_directory(f.input))
    throw UsageError("bench --python: the seed's Python reads a maildir, and " + f.input + " is not a directory");
  if (f.python && !std::filesystem::exists(options.python_script))
    throw UsageError("bench --python: no seed at " + options.python_script + " (--python-script names it)");

  std::vector<BenchCase> matrix = expand_matrix(options.axes);
  std::size_t cases = matrix.size();
  std::size_t runs = cases * static_cast<std::size_t>(f.repeat) + static_cast<std::size_t>(f.warmup);
  std::cerr << "mpingest bench: " << cases << " cases x " << f.repeat << " repeats (+" << f.warmup
            << " warm-up) = " << runs << " runs\n";
  std::size_t done = 0;
  bool tty = ::isatty(STDERR_FILENO);
  auto progress = [&](const BenchCase& c, int round, double wall_s) {
    ++done;
    std::string line = "  [" + std::to_string(done) + "/" + std::to_string(runs) + "] " +
                       (round == 0 ? "warm-up " : "") + c.label() + "  " + std::to_string(wall_s).substr(0, 5) + " s";
    if (tty) {
      std::cerr << "\r\033[K" << line << std::flush;
    } else if (round == 0 || c.label() == matrix.back().label()) {
      std::cerr << line << "\n";  // in logs, one line per round
    }
  };
  BenchResult result = run_bench(options, progress);
  if (tty) std::cerr << "\r\033[K";

  BenchContext context{f.input, describe_machine(), utc_now_iso8601(), f.python ? seed_python_version() : ""};
  std::cout << render_bench_table(result, context);
  std::filesystem::path dir(f.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw RunError("bench: cannot create " + dir.string() + ": " + ec.message());
  write_file(dir / "bench.json", bench_to_json(result, context).dump(2) + "\n");
  write_file(dir / "bench.csv", bench_to_csv(result));
  write_file(dir / "bench.svg", bench_speedup_svg(result, context));
  std::cout << "wrote " << (dir / "bench.json").string() << ", bench.csv, bench.svg\n";
  if (f.timeline) {
    std::cerr << "mpingest bench: one traced run of each case for --timeline\n";
    BenchTimelines timelines = write_bench_timelines(options, result, dir.string());
    std::cout << "wrote " << timelines.charts.size() << " timeline-<case>.svg (and their --trace .json), "
              << timelines.combined << "\n";
  }
  return result.all_totals_match() ? exit_code::kOk : exit_code::kInternal;  // a broken promise, not bad input
}

}  // namespace mpingest
