#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "common/interrupt.h"
#include "common/process_memory.h"
#include "common/resource_usage.h"
#include "common/stopwatch.h"
#include "common/system_error.h"
#include "common/test_hooks.h"
#include "launch/launcher.h"
#include "worker/trace_recorder.h"

namespace mpingest {

void throw_if_workers_stopped(const std::vector<WorkerStatus>& statuses, std::size_t items) {
  int sig = stop_requested();
  if (sig == 0) return;
  std::uint64_t done = 0;
  for (const WorkerStatus& status : statuses) done += status.items_done.load(std::memory_order_relaxed);
  Interrupted stop(sig);
  stop.set_progress("workers had processed " + std::to_string(done) + " of " + std::to_string(items) +
                    " items; their results were discarded");
  throw stop;
}

ShardResult run_worker(const WorkerContext& context, int worker, RecordSink* records) {
  auto start = SteadyClock::now();
  const double cpu_at_start = thread_cpu_s();
  ShardResult result;
  result.stats.worker = worker;
  result.stats.pid = ::getpid();
  result.partial = context.task.make_partial();
  ItemProcessor processor(context.items, context.processing, context.task, context.gil, records);
  TraceRecorder trace(context.processing.trace);
  std::unique_ptr<ItemCursor> cursor = context.dispatcher.cursor(worker);
  // A window of items taken from the cursor, which the reader may fetch
  // together (io_uring), then processed one by one. Without read-ahead the
  // window is one item, and no item is taken from the cursor early.
  const std::size_t window_size = processor.read_ahead_size();
  std::vector<std::size_t> window;
  window.reserve(window_size);
  std::size_t index = 0;
  const bool slow_for_tests = test_phase_is_slow("work");
  // --journal: the items done since the last checkpoint, handed over at most every checkpoint_s.
  CheckpointSink* const checkpoints = context.checkpoints;
  ItemRangeBuilder done;
  const auto every_ns = static_cast<std::int64_t>(context.processing.checkpoint_s * 1e9);
  std::int64_t last_checkpoint_ns = steady_ns();
  auto hand_over = [&] {
    const std::int64_t start_ns = steady_ns();
    const std::uint64_t items = result.totals.items;
    // Records before the checkpoint naming their items: the journal keeps an
    // item as done only with its record (launch/checkpoint_collector.h).
    if (records != nullptr) records->flush();
    Checkpoint checkpoint{done.take(), {}};
    checkpoint.result.stats.worker = worker;
    checkpoint.result.totals = std::exchange(result.totals, {});
    checkpoint.result.errors = std::exchange(result.errors, {});
    checkpoint.result.partial = std::exchange(result.partial, context.task.make_partial());
    checkpoints->put(std::move(checkpoint));
    trace.span(TraceKind::checkpoint, start_ns, steady_ns(), items);
  };
  bool finished = false;
  while (true) {
    // One relaxed load a window (at most 32 items): stopping never waits long.
    if (stop_requested() != 0 || (context.abandon != nullptr && context.abandon->load(std::memory_order_relaxed)))
      break;
    window.clear();
    // Read only where something uses it: without read-ahead or --trace an item costs three clock reads.
    std::int64_t start_ns = trace.on() || window_size > 1 ? steady_ns() : 0;
    const std::uint64_t claims_before = trace.on() ? cursor->claims() : 0;
    const double claim_s_before = trace.on() ? cursor->claim_s() : 0;
    while (window.size() < window_size && (window.empty() ? cursor->next(index) : cursor->next_in_window(index)))
      window.push_back(index);
    if (trace.on() && cursor->claims() != claims_before) {
      // The span is the claims' own time, as wait_s counts it, ending now:
      // the rest of filling the window is not waiting (and a worker
      // preempted there must not show it as such).
      std::int64_t claimed_ns = steady_ns();
      auto claim_ns = static_cast<std::int64_t>(std::llround((cursor->claim_s() - claim_s_before) * 1e9));
      trace.span(TraceKind::claim, std::max(start_ns, claimed_ns - claim_ns), claimed_ns, cursor->claims() - claims_before);
      start_ns = claimed_ns;
    }
    if (window.empty()) {
      finished = true;
      break;
    }
    if (window_size > 1) {
      std::int64_t read_ns = processor.read_ahead(window, result, start_ns);
      trace.span(TraceKind::read_batch, start_ns, read_ns, window.size());
    }
    for (std::size_t item : window) {
      start_ns = steady_ns();
      if (context.status != nullptr) context.status->begin_item(item, start_ns);
      if (slow_for_tests) test_slow_step("work");
      std::uint64_t bytes_before = result.stats.bytes;
      ItemTimes times = processor.process(item, result, start_ns);
      if (context.status != nullptr) context.status->end_item(result.stats.bytes - bytes_before, times.done_ns);
      trace.item(times, result.stats.bytes - bytes_before);
      if (checkpoints != nullptr) done.add(item);
    }
    if (checkpoints != nullptr && steady_ns() - last_checkpoint_ns >= every_ns && !done.empty()) {
      hand_over();
      last_checkpoint_ns = steady_ns();
    }
  }
  // The rest in a last checkpoint: the result then carries only statistics.
  if (checkpoints != nullptr && finished && !done.empty()) hand_over();
  result.stats.batched_reads = processor.batched_reads();
  if (records != nullptr) records->flush();
  result.stats.claims = cursor->claims();
  result.claimed_batches = cursor->claimed_batches();
  result.stats.wait_s += cursor->claim_s();
  result.stats.total_s = seconds_since(start);
  result.stats.cpu_s = thread_cpu_s() - cpu_at_start;
  result.stats.max_rss_kb = peak_resident_kb();
  result.stats.private_kb = private_memory_kb();
  result.trace = trace.take();
  result.stats.ready_ns = steady_ns();
  return result;
}

}  // namespace mpingest
