#pragma once
// --trace: what one worker did and when, as spans on the machine's monotonic
// clock (common/stopwatch.h). A worker keeps its spans in memory and sends
// them with its result, so tracing takes no lock and makes no write while
// the worker runs. By default items are aggregated: one `items` span covers
// consecutive items and carries how much of it was reading, waiting for the
// GIL and working; --trace-items gives every item its own read, GIL-wait and
// work spans instead.

#include <cstdint>
#include <vector>

namespace mpingest {

enum class TraceDetail : std::uint8_t {
  off,
  batches,  // --trace: a span per run of items (at most kTraceItemsPerSpan), claim, read batch, checkpoint
  items,    // --trace-items: a span per item and part of an item
};

// A run of items is cut into spans of at most this many items, so a long
// static share still shows its progress on a timeline: the trace holds about
// items / 64 spans per worker, never one per item.
constexpr std::uint64_t kTraceItemsPerSpan = 64;

enum class TraceKind : std::uint8_t {
  items,        // consecutive items: read + wait + work (read_ns, wait_ns, busy_ns say how much of each)
  read,         // --trace-items: reading one item
  gil_wait,     // --trace-items, --gil: waiting for the emulated GIL
  work,         // --trace-items: parsing and counting one item
  claim,        // queue dispatch: taking a batch from the shared cursor (`items`: batches taken)
  read_batch,   // io_uring: reading a window of files at once (`items` files, `bytes`)
  checkpoint,   // --journal: handing finished work to the parent
  setup,        // spawn: receiving and decoding the job; mpi: from mpirun starting to the first item
  send_result,  // from the result being ready to the parent holding it (`bytes` on the wire); set by the parent
};

struct TraceSpan {
  TraceKind kind = TraceKind::items;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  // `items` spans: the parts of [start_ns, end_ns) spent reading, waiting for
  // the GIL and working; what is left is the worker's own bookkeeping.
  std::int64_t read_ns = 0;
  std::int64_t wait_ns = 0;
  std::int64_t busy_ns = 0;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & kind & start_ns & end_ns & items & bytes & read_ns & wait_ns & busy_ns;
  }
};

}  // namespace mpingest
