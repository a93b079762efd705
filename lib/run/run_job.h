#pragma once
// One mpingest run: enumerate, dispatch, launch, merge. The CLI is glue
// around this; tests call it directly.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/resource_usage.h"
#include "dispatch/dispatcher.h"
#include "launch/launcher.h"
#include "mpingest/task_registry.h"
#include "result/totals.h"
#include "run/run_trace.h"
#include "worker/item_processor.h"

namespace mpingest {

struct RunConfig {
  std::string input;
  std::optional<CorpusFormat> input_format;  // none: detected from the input (--input-format auto)
  std::string column = "RawText";     // csv: the column holding each message
  bool column_given = false;          // --column was given: an input that is not a CSV is then a usage error
  bool ipc_given = false;             // --ipc was given: a mode without processes is then a usage error
  bool shards_given = false;          // --shards was given: more than one with serial is then a usage error
  bool auto_encoding = false;         // pick the format's usual encoding (csv: utf-8, else latin-1)
  LaunchMode mode = LaunchMode::fork;
  DispatchStrategy dispatch = DispatchStrategy::rr;
  IpcKind ipc = IpcKind::pipe;
  int shards = 4;
  std::size_t batch = kDefaultBatch;  // queue dispatch: items per claim
  bool gil = false;                   // threads: emulate CPython's GIL
  ProcessingOptions processing;
  bool follow_symlinks = false;
  std::string worker_executable;      // spawn: the mpingest binary ("" = this one)
  std::string emit;                   // --emit: JSON Lines output path, "-" for stdout, "" for none
  bool unordered = false;             // --unordered: write records as they arrive
  std::size_t reorder_buffer_bytes = 64u << 20;  // bound of the parent's reorder buffer
  std::string journal;                // --journal: the file of what is finished ("" for none)
  bool resume = false;                // --resume: run only what the journal lacks
  double checkpoint_s = 0.5;          // --journal: how often a worker hands over what it has finished
  int retries = 1;                    // process modes: re-runs of a dead worker's items
  double timeout_s = 0;               // process modes: kill a worker silent this long (0: never)
  bool progress = false;              // draw a progress line on stderr (the CLI decides: --progress, a tty)
  std::size_t stream_slice_items = kDefaultStreamSliceItems;  // spawn over a pipe: items per slice (tests shrink it)
};

// Throws UsageError if the combination makes no sense (e.g. --gil with
// processes): every check of a run's flags is here. --ipc is ignored by
// modes without processes unless it was given explicitly (ipc_given).
void validate(const RunConfig& config);

// An error item, with its path relative to the input root.
struct ReportedError {
  std::uint64_t item = 0;
  std::string path;
  std::string reason;
};

struct PhaseTimes {
  double enumerate_s = 0;
  double launch_s = 0;
  double work_s = 0;
  double merge_s = 0;
  double wall_s = 0;
  unsigned enumerate_threads = 1;  // threads that listed a maildir at once
};

// --journal: what this run wrote and what it took from an earlier run.
struct JournalStats {
  std::string path;                    // "" without --journal
  std::uint64_t entries_written = 0;   // by this run
  std::uint64_t resumed_entries = 0;   // --resume: entries taken from the journal
  std::uint64_t resumed_items = 0;     // and the items they hold
  std::uint64_t resumed_records = 0;   // --emit: their records, written again from the journal
  std::uint64_t record_bytes_written = 0;  // --emit: records journaled by this run
  std::uint64_t resumed_output_bytes = 0;  // --emit: the interrupted run's output kept, continued after
  std::uint64_t dropped_bytes = 0;     // a torn or corrupt tail, not trusted
  std::string dropped_why;
};

struct RecordStats {
  std::uint64_t written = 0;
  std::size_t peak_reorder_bytes = 0;  // the most the reorder buffer held
};

struct RunReport {
  RunConfig config;       // as run (serial always has one shard, never more shards than items; the encoding chosen)
  int shards_requested = 0;  // --shards as given (config.shards is what ran)
  CorpusFormat format = CorpusFormat::maildir;
  Totals totals;            // the envelope: items, messages, bytes, errors
  TaskReport task_report;   // the task's part of the report (config.processing.task)
  std::shared_ptr<const TaskPartial> task_result;  // its merged result, for typed access (e.g. capitals_counts)
  std::vector<WorkerStats> workers;  // by worker id
  std::vector<ReportedError> errors;  // by item order
  std::vector<WorkerFailure> failures;
  std::vector<ReportedError> unprocessed;  // items lost with workers that could not be replaced
  PhaseTimes timing;
  RecordStats records;
  JournalStats journal;
  std::int64_t parent_max_rss_kb = 0;
  // CPU time and disk reads of the whole run: parent, its threads, its
  // workers (common/resource_usage.h); `cores` is the machine's.
  ResourceUsage usage;
  unsigned cores = 1;
  std::string io_uring_unavailable;   // why no batch was read, when --read auto fell back to syscalls
  RunTrace trace;                     // --trace: the run on one clock (empty otherwise)

  // Maildir items whose bytes came from io_uring batches (--read), all workers.
  std::uint64_t batched_reads() const {
    std::uint64_t sum = 0;
    for (const WorkerStats& w : workers) sum += w.batched_reads;
    return sum;
  }

  // --mode mpi: from mpirun (or orted) starting to the last rank's first
  // item, each rank timed on its own host's clock; none for other modes.
  std::optional<double> mpi_startup_s() const {
    if (!launch_mode_workers_are_ranks(config.mode)) return std::nullopt;
    double slowest = 0;
    for (const WorkerStats& w : workers) slowest = std::max(slowest, w.setup_s);
    return slowest;
  }

  // Every item was processed or listed as an error (failed workers, if any, were replaced).
  bool complete() const { return unprocessed.empty(); }
};

// Throws UsageError for a bad configuration or input root, Interrupted on
// SIGINT/SIGTERM/SIGHUP. Worker failures are reported, not thrown.
RunReport run_job(const RunConfig& config);

// --mode mpi: every rank of the job runs the same command line. Rank 0
// runs run_job and reports; on every other rank, serves_other_rank is true
// and serve_rank does its part: lists the input, checks that it sees what
// rank 0 sees, works its share and sends the result to rank 0. Returns the
// rank's exit code (2 when rank 0 refused the job: rank 0 says why).
bool serves_other_rank(const RunConfig& config);
int serve_rank(const RunConfig& config);

// Merges worker results and `checkpoints` (--journal: the parts workers
// handed over while they ran, and those resumed from the journal): totals
// add up, the task's partials merge, errors are put in item order; then
// the task reports. Only `shards` have worker statistics.
void merge_shards(std::vector<ShardResult>& shards, const ItemList& items, RunReport& report,
                  std::vector<ShardResult> checkpoints = {});

}  // namespace mpingest
