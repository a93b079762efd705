#include <sys/resource.h>
#include <unistd.h>

#include "common/process_memory.h"
#include "common/stopwatch.h"
#include "launch/launcher.h"

namespace mpingest {

ShardResult run_worker(const WorkerContext& context, int worker, RecordSink* records) {
  auto start = SteadyClock::now();
  ShardResult result;
  result.stats.worker = worker;
  result.stats.pid = ::getpid();
  ItemProcessor processor(context.items, context.processing, context.gil, records);
  std::unique_ptr<ItemCursor> cursor = context.dispatcher.cursor(worker);
  std::size_t index = 0;
  while (cursor->next(index)) {
    std::int64_t start_ns = steady_ns();
    if (context.status != nullptr) context.status->begin_item(index, start_ns);
    std::uint64_t bytes_before = result.stats.bytes;
    std::int64_t done_ns = processor.process(index, result, start_ns);
    if (context.status != nullptr) context.status->end_item(result.stats.bytes - bytes_before, done_ns);
  }
  if (records != nullptr) records->flush();
  result.stats.claims = cursor->claims();
  result.claimed_batches = cursor->claimed_batches();
  result.stats.wait_s += cursor->claim_s();
  result.stats.total_s = seconds_since(start);
  result.stats.max_rss_kb = peak_resident_kb();
  result.stats.private_kb = private_memory_kb();
  result.stats.ready_ns = steady_ns();
  return result;
}

}  // namespace mpingest
