#pragma once
// Running a task over a corpus from a program of your own: the public face
// of what the `mpingest` command does. See docs/tasks.md.
//
//   int main(int argc, char** argv) {
//     mpingest::register_task<MyTask>("my-task", "what it does");
//     if (mpingest::is_worker_invocation(argc, argv)) return mpingest::serve_worker(argc, argv);
//     mpingest::RunOptions options;
//     options.input = argv[1];
//     options.task = "my-task";
//     mpingest::RunResult result = mpingest::run(options);
//     std::cout << result.text_report();
//   }

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "mpingest/task.h"

namespace mpingest {

struct RunReport;

// Names are those of the command's flags (mpingest --help).
struct RunOptions {
  std::string input;                // a maildir directory, or a CSV or mbox file
  std::string task = "capitals";    // a registered task (task_registry.h)
  std::string mode = "fork";        // serial, threads, fork, spawn
  int workers = 2;                  // --shards
  std::string dispatch = "rr";      // rr, block, queue
  std::size_t batch = 64;           // queue: items a worker claims at a time
  std::string ipc = "pipe";         // fork and spawn: pipe, shm
  bool gil = false;                 // threads: take turns, as CPython threads do
  std::string encoding = "auto";    // auto, latin-1, utf-8
  std::size_t top = 0;              // --top K (0: the task's default)
  int retries = 1;                  // re-runs of the items of a worker that died
  double timeout_s = 0;             // fork and spawn: kill a worker silent this long (0: never)
  std::string emit;                 // --emit: JSON Lines file for the task's records ("" none, "-" stdout)
  std::string worker_executable;    // spawn: the program workers run ("": this one; see serve_worker)
};

// A finished run.
class RunResult {
 public:
  explicit RunResult(std::shared_ptr<const RunReport> report);

  std::uint64_t items() const;     // every item enumerated
  std::uint64_t messages() const;  // those the task processed
  std::uint64_t errors() const;    // those listed as errors instead
  bool complete() const;           // no item was lost with a failed worker
  // The task's merged result, e.g. TypedTask<MyTask>::value(result.task_result()).
  const TaskPartial& task_result() const;
  std::string text_report() const;   // as mpingest prints it
  nlohmann::json json_report() const;  // as mpingest --format json prints it

 private:
  std::shared_ptr<const RunReport> report_;
};

// Throws UsageError (a std::runtime_error) for bad options or input, and
// std::runtime_error when a resource runs out or a stop signal came; a
// worker's failure is reported in the result, not thrown.
RunResult run(const RunOptions& options);

// --mode spawn starts workers by running a program (by default this one)
// as `PROGRAM worker --parent-pid N`. A program that runs its own tasks
// with spawn calls these first thing in main, after registering its tasks:
bool is_worker_invocation(int argc, char** argv);
int serve_worker(int argc, char** argv);  // the worker's exit code

}  // namespace mpingest
