#include <sys/resource.h>
#include <unistd.h>

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
  while (cursor->next(index)) processor.process(index, result);
  if (records != nullptr) records->flush();
  result.stats.claims = cursor->claims();
  result.stats.wait_s += cursor->claim_s();
  result.stats.total_s = seconds_since(start);
  struct rusage usage {};
  if (::getrusage(RUSAGE_SELF, &usage) == 0) result.stats.max_rss_kb = usage.ru_maxrss;
  return result;
}

}  // namespace mpingest
