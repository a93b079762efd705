#pragma once
// --trace: what one worker did and when, as spans on the machine's monotonic
// clock (common/stopwatch.h). A worker keeps its spans in memory and sends
// them with its result, so tracing takes no lock and makes no write while
// the worker runs. By default items are aggregated: one `items` span covers
// up to 64 consecutive items, with the queue claims and io_uring batches
// among them, and carries how much of it was reading, waiting (GIL, claims)
// and working; --trace-items gives every item its own read, GIL-wait and work
// spans, and every claim and io_uring batch its own span.

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace mpingest {

enum class TraceDetail : std::uint8_t {
  off,
  batches,  // --trace: a span per run of items (at most kTraceItemsPerSpan) and per checkpoint
  items,    // --trace-items: a span per item and part of an item
};

// A run of items is cut into spans of at most this many items, so a long
// static share still shows its progress on a timeline: the trace holds about
// items / 64 spans per worker, never one per item.
constexpr std::uint64_t kTraceItemsPerSpan = 64;

// 64 bits wide so that a TraceSpan has no padding: spans cross the wire as
// raw bytes, and padding would send uninitialised ones.
enum class TraceKind : std::uint64_t {
  items,        // consecutive items: read + wait + work (read_ns, wait_ns, busy_ns say how much of each;
                // wait_ns holds the GIL waits and the queue claims, read_ns the io_uring batches)
  read,         // --trace-items: reading one item
  gil_wait,     // --trace-items, --gil: waiting for the emulated GIL
  work,         // --trace-items: parsing and counting one item
  claim,        // queue dispatch: taking a batch from the shared cursor (`items`: batches taken)
  read_batch,   // io_uring: reading a window of files at once (`items` files, `bytes`)
  checkpoint,   // --journal: handing finished work to the parent
  setup,        // spawn: receiving and decoding the job; mpi: from mpirun starting to the first item
  send_result,  // from the result being ready to the parent holding it (`bytes` on the wire); set by the parent
};

// Kept trivially copyable: spans travel as one block of bytes (pack_trace_spans).
struct TraceSpan {
  TraceKind kind = TraceKind::items;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  // `items` spans: the parts of [start_ns, end_ns) spent reading, waiting (the
  // GIL, queue claims) and working; what is left is the worker's bookkeeping.
  std::int64_t read_ns = 0;
  std::int64_t wait_ns = 0;
  std::int64_t busy_ns = 0;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & kind & start_ns & end_ns & items & bytes & read_ns & wait_ns & busy_ns;
  }
};

static_assert(std::is_trivially_copyable_v<TraceSpan>);
static_assert(sizeof(TraceSpan) == 8 * sizeof(std::uint64_t), "no padding: every byte sent is a field");

// A worker's spans on the wire: one copy of the array. Serialized field by
// field, a worker's few thousand spans took 10 ms to send and 5 to decode at
// the end of a run (measured with --dispatch queue on 100,000 items); as a
// block they take microseconds. Workers and parent are the same program on
// the same architecture, as for the rest of the binary archive.
inline std::string pack_trace_spans(const std::vector<TraceSpan>& spans) {
  return std::string(reinterpret_cast<const char*>(spans.data()), spans.size() * sizeof(TraceSpan));
}

// Throws std::runtime_error for bytes that are not whole spans of known kinds.
inline std::vector<TraceSpan> unpack_trace_spans(const std::string& bytes) {
  if (bytes.size() % sizeof(TraceSpan) != 0) throw std::runtime_error("trace spans cut short");
  std::vector<TraceSpan> spans(bytes.size() / sizeof(TraceSpan));
  if (!bytes.empty()) std::memcpy(spans.data(), bytes.data(), bytes.size());
  for (const TraceSpan& span : spans) {
    if (static_cast<std::uint64_t>(span.kind) > static_cast<std::uint64_t>(TraceKind::send_result))
      throw std::runtime_error("a trace span of unknown kind");
  }
  return spans;
}

}  // namespace mpingest
