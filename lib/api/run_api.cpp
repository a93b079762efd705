// The public run API (include/mpingest/run.h) over run_job and the reports.
#include <unistd.h>

#include <cstdlib>
#include <string_view>

#include "common/system_error.h"
#include "launch/spawn_job.h"
#include "mpingest/run.h"
#include "report/report.h"
#include "run/run_job.h"

namespace mpingest {
namespace {

RunConfig to_config(const RunOptions& options) {
  RunConfig config;
  config.input = options.input;
  config.processing.task = options.task;
  config.mode = parse_launch_mode(options.mode);
  config.shards = options.workers;
  config.dispatch = parse_dispatch_strategy(options.dispatch);
  config.batch = options.batch;
  config.ipc = parse_ipc_kind(options.ipc);
  config.gil = options.gil;
  if (options.encoding == "auto") {
    config.auto_encoding = true;
  } else if (options.encoding == "latin-1") {
    config.processing.encoding = TextEncoding::latin1;
  } else if (options.encoding == "utf-8") {
    config.processing.encoding = TextEncoding::utf8;
  } else {
    throw UsageError("unknown encoding '" + options.encoding + "' (auto, latin-1 or utf-8)");
  }
  config.processing.top = options.top;
  config.retries = options.retries;
  config.timeout_s = options.timeout_s;
  config.emit = options.emit;
  config.worker_executable = options.worker_executable;
  return config;
}

}  // namespace

RunResult::RunResult(std::shared_ptr<const RunReport> report) : report_(std::move(report)) {}

std::uint64_t RunResult::items() const { return report_->totals.items; }
std::uint64_t RunResult::messages() const { return report_->totals.messages; }
std::uint64_t RunResult::errors() const { return report_->totals.errors; }
bool RunResult::complete() const { return report_->complete(); }
const TaskPartial& RunResult::task_result() const { return *report_->task_result; }
std::string RunResult::text_report() const { return render_text_report(*report_); }
nlohmann::json RunResult::json_report() const { return report_to_json(*report_); }

RunResult run(const RunOptions& options) {
  return RunResult(std::make_shared<const RunReport>(run_job(to_config(options))));
}

bool is_worker_invocation(int argc, char** argv) { return argc >= 2 && std::string_view(argv[1]) == "worker"; }

int serve_worker(int argc, char** argv) {
  // As the spawn launcher starts it: PROGRAM worker --parent-pid N
  if (argc != 4 || std::string_view(argv[2]) != "--parent-pid") return 2;
  char* end = nullptr;
  long parent = std::strtol(argv[3], &end, 10);
  if (end == argv[3] || *end != '\0' || parent <= 0) return 2;
  return run_spawned_worker(STDIN_FILENO, STDOUT_FILENO, parent);
}

}  // namespace mpingest
