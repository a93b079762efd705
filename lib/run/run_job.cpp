#include "run/run_job.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <thread>

#include "common/interrupt.h"
#include "common/output_channel.h"
#include "common/process_memory.h"
#include "common/resource_limits.h"
#include "common/resource_usage.h"
#include "common/stopwatch.h"
#include "common/test_hooks.h"
#include "common/system_error.h"
#include "corpus/enumerate_maildir.h"
#include "corpus/open_input.h"
#include "dispatch/dispatcher.h"
#include "transport/result_transport.h"
#include "run/output_guard.h"
#include "run/run_journal.h"
#include "run/run_setup.h"
#include "output/progress_meter.h"
#include "output/record_writer.h"

namespace mpingest {

void merge_shards(std::vector<ShardResult>& shards, const ItemList& items, RunReport& report,
                  std::vector<ShardResult> checkpoints) {
  const Task& task = find_task(report.config.processing.task);
  std::unique_ptr<TaskPartial> merged = task.make_partial();
  auto merge_answer = [&](ShardResult& part) {
    throw_if_stop_requested();
    test_slow_step("merge");
    report.totals += part.totals;
    if (part.partial) merged->merge(std::move(*part.partial));
    for (ItemError& error : part.errors) report.errors.push_back({error.item, items.label(error.item), std::move(error.reason)});
  };
  std::sort(shards.begin(), shards.end(),
            [](const ShardResult& a, const ShardResult& b) { return a.stats.worker < b.stats.worker; });
  for (ShardResult& shard : shards) {
    merge_answer(shard);
    report.workers.push_back(shard.stats);
    if (report.trace.on()) report.trace.workers.push_back(worker_track(shard, report.config.shards));
  }
  for (ShardResult& checkpoint : checkpoints) merge_answer(checkpoint);
  std::sort(report.errors.begin(), report.errors.end(),
            [](const ReportedError& a, const ReportedError& b) { return a.item < b.item; });
  report.task_report = task.report(*merged, report.config.processing.task_options());
  report.task_result = std::move(merged);
}

namespace {

// The --emit destination: a file we create (or continue, after `resumed`),
// stdout, or nothing.
std::optional<OutputChannel> open_record_output(const RunConfig& config, const ItemList& items,
                                                const std::optional<wire::OutputMark>& resumed) {
  if (config.emit.empty()) return std::nullopt;
  if (resumed) {
    const std::string why_start = "--resume: the interrupted run wrote the records of its first " +
                                  std::to_string(resumed->items) + " items to its --emit file, and this run goes on from there, but ";
    if (config.emit == "-") throw UsageError(why_start + "--emit - is stdout: name that file");
    refuse_output_onto_input(config.emit, items.root(), items.format(), "--emit");
    try {
      OutputChannel out = OutputChannel::continue_file(config.emit, resumed->bytes, resumed->tail);
      out.set_name("--emit " + config.emit);
      return out;
    } catch (const UsageError& e) {
      throw UsageError(why_start + e.what() + " (it must be that run's file, as it left it; or run again without --resume)");
    }
  }
  if (config.emit == "-") {
    OutputChannel out = OutputChannel::standard(STDOUT_FILENO);
    out.set_name("--emit - (stdout)");
    return out;
  }
  refuse_output_onto_input(config.emit, items.root(), items.format(), "--emit");
  OutputChannel out = OutputChannel::create_file(config.emit);
  out.set_name("--emit " + config.emit);
  return out;
}

// What the progress line can count bytes against: record lengths for csv and
// mbox; unknown (0) for a maildir, which is listed without a stat per file.
std::uint64_t known_total_bytes(const ItemList& items) {
  if (items.format() == CorpusFormat::maildir) return 0;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < items.size(); ++i) total += items.record(i).length;
  return total;
}

}  // namespace

void validate(const RunConfig& config) {
  find_task(config.processing.task);  // throws UsageError for an unknown one
  // A RunConfig built in code may hold any value of the enums: each must be
  // one its flag offers (not, say, the internal dispatch "list").
  const std::string mode(launch_mode_name(config.mode));
  parse_launch_mode(mode);
  parse_dispatch_strategy(dispatch_strategy_name(config.dispatch));
  parse_ipc_kind(ipc_kind_name(config.ipc));
  if (config.shards < 1) throw UsageError("--shards must be at least 1");
  if (config.shards > kMaxWorkers)
    throw UsageError("--shards " + std::to_string(config.shards) + " is more than mpingest runs (at most " +
                     std::to_string(kMaxWorkers) + ")");
  if (config.batch < 1) throw UsageError("--batch must be at least 1");
  if (config.processing.emit_body && config.emit.empty()) throw UsageError("--emit-body needs --emit");
  if (config.unordered && config.emit.empty()) throw UsageError("--unordered needs --emit");
  if (config.retries < 0) throw UsageError("--retries must be 0 or more");
  if (config.timeout_s < 0) throw UsageError("--timeout must be positive");
  if (config.ipc_given && !launch_mode_uses_ipc(config.mode))
    throw UsageError("--ipc has no meaning with --mode " + mode + ": its workers share the parent's memory");
  if (config.shards_given && launch_mode_has_one_worker(config.mode) && config.shards != 1)
    throw UsageError("--mode " + mode + " runs exactly one worker; drop --shards or pick a parallel mode");
  if (config.shards_given && launch_mode_workers_are_ranks(config.mode))
    throw UsageError("--mode " + mode + ": the workers are the job's ranks; set their number with mpirun -n, not --shards");
  if (config.resume && config.journal.empty()) throw UsageError("--resume needs --journal FILE: the journal to resume");
  if (!(config.checkpoint_s > 0)) throw UsageError("--checkpoint-every must be more than 0 seconds");
  if (config.timeout_s > 0 && !launch_mode_uses_ipc(config.mode))
    throw UsageError("--timeout needs worker processes (fork or spawn): a thread cannot be killed");
  if (config.gil && !launch_mode_shares_gil(config.mode))
    throw UsageError("--gil emulates the lock threads share; --mode " + mode + " has no such lock");
  if (config.processing.read_method == ReadMethod::uring) {
    if (std::string why_not = io_uring_unavailable_reason(); !why_not.empty())
      throw UsageError("--read io_uring: " + why_not + " (--read syscalls reads without it)");
  }
}

// Items that took down workers repeatedly are errors of the run like any other bad item.
void add_poison(std::vector<ItemError>& poison, const ItemList& items, RunReport& report) {
  if (poison.empty()) return;
  report.totals.items += poison.size();
  report.totals.errors += poison.size();
  for (ItemError& error : poison) report.errors.push_back({error.item, items.label(error.item), std::move(error.reason)});
  std::sort(report.errors.begin(), report.errors.end(),
            [](const ReportedError& a, const ReportedError& b) { return a.item < b.item; });
}

ItemList list_input(const RunConfig& config, int workers, unsigned* threads_used) {
  // A parallel run lists a maildir in parallel too: the listing, done before
  // any worker starts, would otherwise cap its speedup.
  InputOptions input{config.input, config.input_format, config.column, config.follow_symlinks};
  input.threads = launch_mode_has_one_worker(config.mode) ? 1 : listing_threads_for_workers(static_cast<unsigned>(workers));
  input.threads_used = threads_used;
  ItemList items = enumerate_input(input);
  if (config.column_given && items.format() != CorpusFormat::csv)
    throw UsageError("--column names a CSV column, but --input " + config.input + " is " +
                     (items.format() == CorpusFormat::maildir ? "a maildir" : "an mbox"));
  return items;
}

TextEncoding encoding_for(const RunConfig& config, CorpusFormat format) {
  if (!config.auto_encoding) return config.processing.encoding;
  // pandas reads CSV as UTF-8; the seed reads Enron (and so mail files) as Latin-1.
  return format == CorpusFormat::csv ? TextEncoding::utf8 : TextEncoding::latin1;
}

ProcessingOptions processing_for(const RunConfig& config, CorpusFormat format) {
  ProcessingOptions processing = config.processing;
  processing.encoding = encoding_for(config, format);
  processing.emit_records = !config.emit.empty();
  processing.follow_symlinks = config.follow_symlinks;
  processing.checkpoint_s = config.journal.empty() ? 0 : config.checkpoint_s;
  return processing;
}

RunReport run_job(const RunConfig& config) {
  validate(config);
  // From here on a stop signal is a request every phase polls (listing,
  // launch, work, merge, output), so the run unwinds and cleans up.
  StopSignalScope stop_scope;
  auto wall_start = SteadyClock::now();
  const ResourceUsage usage_before = resource_usage_so_far();
  RunReport report;
  report.config = config;
  RunTrace& trace = report.trace;
  trace.detail = config.processing.trace;
  trace.parent_pid = ::getpid();
  trace.launch = launch_mode_name(config.mode);
  trace.start_ns = steady_ns();
  if (launch_mode_has_one_worker(config.mode)) report.config.shards = 1;
  std::unique_ptr<Launcher> launcher = make_launcher(config.mode);
  report.config.shards = launcher->workers(report.config.shards);

  auto phase_start = SteadyClock::now();
  unsigned listed_with = 1;
  ItemList items = list_input(config, report.config.shards, &listed_with);
  throw_if_stop_requested();
  report.timing.enumerate_s = seconds_since(phase_start);
  // --trace: the parent's phases, each from the end of the one before.
  std::int64_t mark_ns = trace.start_ns;
  auto next_phase = [&trace, &mark_ns](const char* name) {
    const std::int64_t now = steady_ns();
    trace.phase(name, mark_ns, now);
    mark_ns = now;
  };
  next_phase("enumerate");
  report.timing.enumerate_threads = listed_with;
  report.format = items.format();
  report.shards_requested = report.config.shards;
  // Never more workers than items: an idle worker costs a process (or a
  // thread), its pipes and its share of the segment, and does nothing. The
  // ranks of an MPI job are there already: those without items just wait.
  if (!launch_mode_workers_are_ranks(config.mode))
    report.config.shards = static_cast<int>(std::min<std::size_t>(report.config.shards, std::max<std::size_t>(items.size(), 1)));
  report.config.processing.encoding = encoding_for(config, items.format());

  JobSpec spec{items};
  spec.processing = processing_for(report.config, items.format());
  // Declared in this order to be destroyed in the other: the writer reports
  // to the journal, which syncs the output.
  std::optional<OutputChannel> output;
  RunJournal journal(config, items, spec.processing, report.journal);
  output = open_record_output(config, items, journal.output_mark());
  std::optional<RecordWriter> records;
  if (output) records.emplace(*output, !config.unordered, config.reorder_buffer_bytes, items.size());
  if (records) journal.attach(*records, *output, report.journal);
  std::optional<ProgressMeter> progress;  // erased when run_job leaves, by any path
  if (config.progress) {
    progress.emplace(STDERR_FILENO, items.size(), known_total_bytes(items));
    progress->update(0, 0);  // shows the total while workers start
  }
  spec.checkpoints = journal.checkpoints();
  spec.dispatch = {config.dispatch, items.size(), report.config.shards, config.batch};
  // --resume: only what the journal lacks, dealt round-robin.
  if (report.journal.resumed_items > 0)
    spec.dispatch = {DispatchStrategy::list, items.size(), report.config.shards, config.batch,
                     spec.checkpoints->items_left()};
  spec.ipc = config.ipc;
  spec.gil = config.gil;
  spec.worker_executable = config.worker_executable;
  spec.records = records ? &*records : nullptr;
  spec.retries = config.retries;
  spec.timeout_s = config.timeout_s;
  spec.progress = progress ? &*progress : nullptr;
  spec.stream_slice_items = config.stream_slice_items;
  if (report.journal.resumed_items > 0 && trace.on())
    trace.instants.push_back({"resume", steady_ns(), -1,
                              std::to_string(report.journal.resumed_items) + " items done by the interrupted run, from the journal"});
  next_phase("prepare");
  LaunchOutcome outcome = launcher->run(spec);
  const std::int64_t workers_done_ns = steady_ns();
  const std::int64_t work_start_ns = outcome.work_start_ns > 0 ? outcome.work_start_ns : mark_ns;
  trace.phase("launch", mark_ns, work_start_ns);  // the launcher's set-up (segments, pipes) and starting the workers
  trace.phase("work", work_start_ns, workers_done_ns);
  mark_ns = workers_done_ns;
  if (progress) progress->clear();
  if (records) {
    records->finish();
    report.records = {records->records_written(), records->peak_pending_bytes()};
    next_phase("finish output");
  }
  report.timing.launch_s = outcome.launch_s;
  report.timing.work_s = outcome.work_s;
  report.failures = std::move(outcome.failures);
  for (std::uint64_t item : outcome.unprocessed)
    report.unprocessed.push_back({item, items.label(item), "lost with a worker that failed too often"});


  std::vector<ShardResult> checkpoints = spec.checkpoints != nullptr ? spec.checkpoints->take_results()
                                                                     : std::vector<ShardResult>{};
  journal.finish(report.journal);  // on disk before the merge: a crash there loses nothing
  if (!config.journal.empty()) next_phase("journal");

  phase_start = SteadyClock::now();
  merge_shards(outcome.shards, items, report, std::move(checkpoints));
  add_poison(outcome.poison, items, report);
  throw_if_stop_requested();
  report.timing.merge_s = seconds_since(phase_start);
  next_phase("merge");
  add_failures(trace, report.failures);
  for (const WorkerTrack& track : trace.workers) {
    if (track.replacement && trace.on())
      trace.instants.push_back(
          {"replacement", track.started_ns, track.worker, "started for the items of workers that failed", track.pid});
  }

  if (report.format == CorpusFormat::maildir && config.processing.read_method == ReadMethod::automatic &&
      report.batched_reads() == 0 && report.totals.messages > 0)
    report.io_uring_unavailable = io_uring_unavailable_reason();
  report.parent_max_rss_kb = peak_resident_kb();
  report.usage = resource_usage_so_far() - usage_before + outcome.unreaped_usage;  // the workers are reaped by now
  report.cores = std::max(1u, std::thread::hardware_concurrency());
  report.timing.wall_s = seconds_since(wall_start);
  trace.end_ns = steady_ns();
  trace.title = trace_title(report.config, report.config.shards);
  return report;
}

}  // namespace mpingest
