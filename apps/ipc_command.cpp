#include "ipc_command.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "bench/bench_matrix.h"
#include "bench/bench_output.h"
#include "common/malloc_policy.h"
#include "common/system_error.h"
#include "common/whole_file.h"
#include "exit_codes.h"
#include "flag_checks.h"
#include "ipclab/lab_matrix.h"
#include "ipclab/lab_output.h"
#include "ipclab/lab_transport.h"

namespace mpingest {
namespace {

LabPlan plan_from(const IpcFlags& f) {
  LabPlan plan;
  plan.transports = f.transports.empty() ? lab_transport_names() : parse_name_list(f.transports);
  for (const std::string& t : plan.transports) require_lab_transport(t);
  for (const std::string& p : parse_name_list(f.patterns)) plan.patterns.push_back(parse_lab_pattern(p));
  if (plan.transports.empty() || plan.patterns.empty()) throw UsageError("--transports and --pattern need a name");
  plan.sizes = parse_byte_sizes(f.sizes);
  plan.workers = f.workers;
  plan.messages = f.messages;
  plan.seconds = f.seconds;
  plan.repeat = f.repeat;
  plan.pin = f.pin;
  return plan;
}

}  // namespace

CLI::App* add_ipc_command(CLI::App& app, IpcFlags& f) {
  CLI::App* ipc = app.add_subcommand(
      "ipc", "The IPC lab: move messages between a parent and forked workers over pipes, a Unix socket and shared "
             "memory, raw and as mpingest does it; table, ipc.json, ipc.csv and charts");
  std::string names;
  for (const std::string& n : lab_transport_names()) names += (names.empty() ? "" : ",") + n;
  ipc->add_option("--transports", f.transports, "Comma list (default: all of " + names + ")");
  ipc->add_option("--sizes", f.sizes, "Message sizes, a comma list: 64, 4K, 16M (1 B to 1 GiB)")->capture_default_str();
  ipc->add_option("--pattern", f.patterns,
                  "stream (workers send to the parent: throughput) and/or pingpong (round trips: latency)")
      ->capture_default_str();
  auto* messages = ipc->add_option("--messages", f.messages, "Messages per worker and run (default: --seconds decides)")
                       ->check(flags::whole_number(1, 100'000'000));
  ipc->add_option("--seconds", f.seconds, "Length of each timed run, sized from an untimed warm-up")
      ->check(CLI::Range(0.001, 60.0))
      ->excludes(messages)
      ->capture_default_str();
  ipc->add_option("--workers", f.workers, "Forked workers: writers in stream, echoers in pingpong")
      ->check(flags::whole_number(1, 64))
      ->capture_default_str();
  ipc->add_option("--repeat", f.repeat, "Timed runs of each case (the median is reported)")
      ->check(flags::whole_number(1, 100))
      ->capture_default_str();
  ipc->add_flag("--pin", f.pin, "Pin the parent to CPU 0 and worker w to CPU w+1 (mod the CPUs)");
  ipc->add_option("--out", f.out_dir, "Directory for ipc.json, ipc.csv, ipc-throughput.svg, ipc-latency.svg")
      ->capture_default_str();
  return ipc;
}

int run_ipc_command(const IpcFlags& f) {
  LabPlan plan = plan_from(f);
  std::filesystem::path dir(f.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw UsageError("ipc --out: cannot create " + dir.string() + ": " + ec.message());
  check_whole_file_writable((dir / "ipc.json").string(), "ipc --out");

  // The lab's parent reads its workers' frames as a run's parent does once
  // its workers are forked (launch/process_rounds.cpp), and its anatomy
  // measures that parent's steps.
  keep_freed_memory_for_reading();
  bool tty = ::isatty(STDERR_FILENO);
  std::size_t total = plan.transports.size() * plan.patterns.size() * plan.sizes.size(), done = 0;
  std::vector<LabRow> rows;
  try {
    rows = run_lab_plan(plan, [&](const LabRow& row) {
    std::string line = "  [" + std::to_string(++done) + "/" + std::to_string(total) + "] " + row.transport + " " +
                       lab_pattern_name(row.pattern) + " " + format_byte_size(row.size);
    if (tty) {
      std::cerr << "\r\033[K" << line << std::flush;
    } else if (done % plan.transports.size() == 0) {
      std::cerr << line << "\n";
    }
    });
  } catch (const ResourceError&) {
    throw;
  } catch (const RunError& e) {
    // A message lost, altered or cut short, or a worker dead: the lab failed, and says where.
    if (tty) std::cerr << "\r\033[K";
    std::cerr << "mpingest ipc: " << e.what() << "\n";
    return exit_code::kWorkerFailed;
  }
  if (tty) std::cerr << "\r\033[K";

  // mpingest's own paths step by step, for every size measured.
  std::vector<LabAnatomy> anatomies;
  bool streamed = std::find(plan.patterns.begin(), plan.patterns.end(), LabPattern::stream) != plan.patterns.end();
  for (const char* own : {"pipe", "shm"})
    if (streamed && std::find(plan.transports.begin(), plan.transports.end(), own) != plan.transports.end())
      for (std::size_t size : plan.sizes) anatomies.push_back(measure_anatomy(own, size, plan.workers));

  LabContext context{describe_machine(), utc_now_iso8601(), plan.pin};
  std::cout << render_lab_table(rows) << "\n";
  if (!anatomies.empty()) std::cout << render_anatomy_table(anatomies, rows) << "\n";
  for (const std::string& sentence : lab_crossovers(rows)) std::cout << sentence << "\n";
  write_whole_file((dir / "ipc.json").string(), lab_to_json(rows, context, anatomies).dump(2) + "\n", "ipc --out");
  write_whole_file((dir / "ipc.csv").string(), lab_to_csv(rows), "ipc --out");
  std::string written = "ipc.json, ipc.csv";
  if (std::string svg = lab_throughput_svg(rows, context); !svg.empty()) {
    write_whole_file((dir / "ipc-throughput.svg").string(), svg, "ipc --out");
    written += ", ipc-throughput.svg";
  }
  if (std::string svg = lab_latency_svg(rows, context); !svg.empty()) {
    write_whole_file((dir / "ipc-latency.svg").string(), svg, "ipc --out");
    written += ", ipc-latency.svg";
  }
  std::cout << "wrote " << written << " in " << dir.string() << "\n";
  return exit_code::kOk;
}

}  // namespace mpingest
