#pragma once
// How workers are started (--mode). Every launcher runs the same worker body
// (run_worker) over the cursors of the same Dispatcher; they differ only in
// where the workers live and how results come back.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/item_list.h"
#include "dispatch/dispatcher.h"
#include "result/totals.h"
#include "worker/item_processor.h"

namespace mpingest {

struct WorkerJob {
  const ItemList& items;
  ProcessingOptions processing;
  const Dispatcher& dispatcher;
  int workers = 1;
};

// The worker body: processes every item of worker `worker`'s cursor.
ShardResult run_worker(const WorkerJob& job, int worker);

// A worker that did not deliver its result.
struct WorkerFailure {
  int worker = 0;
  std::int64_t pid = 0;
  std::string what;  // e.g. "killed by signal 9 (Killed)"
};

struct LaunchOutcome {
  std::vector<ShardResult> shards;  // one per worker that delivered
  std::vector<WorkerFailure> failures;
  double launch_s = 0;  // starting all workers
  double work_s = 0;    // from the last start until the last worker is done
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  virtual std::string_view name() const = 0;
  virtual LaunchOutcome run(const WorkerJob& job) = 0;
};

struct LaunchSpec {
  std::string mode = "fork";
  std::string ipc = "pipe";
};

// Throws UsageError for an unknown mode or a transport the mode cannot use.
std::unique_ptr<Launcher> make_launcher(const LaunchSpec& spec);

std::vector<std::string> launch_mode_names();
std::vector<std::string> ipc_names();
// Whether the mode moves results between processes (and so uses --ipc).
bool launch_mode_uses_ipc(std::string_view mode);

}  // namespace mpingest
