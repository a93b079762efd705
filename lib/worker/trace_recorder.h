#pragma once
// A worker's --trace spans as it runs (result/trace_events.h): items, and
// the queue claims and io_uring batches that fed them, are folded into runs
// of at most kTraceItemsPerSpan items unless every item is asked for. Nothing
// here locks or writes: the spans leave with the result.

#include <cstdint>
#include <vector>

#include "result/trace_events.h"
#include "worker/item_processor.h"

namespace mpingest {

class TraceRecorder {
 public:
  explicit TraceRecorder(TraceDetail detail) : detail_(detail) {}

  bool on() const { return detail_ != TraceDetail::off; }

  // One item, with the times ItemProcessor::process returned. Inline, so
  // that a run without --trace pays one comparison an item, not a call.
  void item(const ItemTimes& times, std::uint64_t bytes) {
    if (on()) record_item(times, bytes);
  }
  // Anything else the worker did; ends the current run of items.
  void span(TraceKind kind, std::int64_t start_ns, std::int64_t end_ns, std::uint64_t items = 0,
            std::uint64_t bytes = 0);
  // The spans so far, the current run of items included.
  std::vector<TraceSpan> take();

 private:
  void close_run();
  void record_item(const ItemTimes& times, std::uint64_t bytes);

  TraceDetail detail_;
  std::vector<TraceSpan> spans_;
  TraceSpan run_;  // the items (and claims, reads) since the last span (end_ns == 0: none)
};

}  // namespace mpingest
