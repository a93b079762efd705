#pragma once
// What a worker sends back: the runner's envelope, the same for every task
// (totals, errors, statistics, claims), around the task's own partial
// result. Merging is += on the envelope and TaskPartial::merge on the
// partial, so the order in which results arrive cannot change the answer.

#include <cstdint>
#include <string>
#include <vector>

#include <memory>

#include "mpingest/task.h"
#include "result/trace_events.h"

namespace mpingest {

struct Totals {
  // The report's "totals" that every task has; invariant: items == messages + errors.
  std::uint64_t items = 0;
  std::uint64_t messages = 0;  // items the task processed
  std::uint64_t bytes = 0;     // their bytes
  std::uint64_t errors = 0;    // items listed in "errors" instead

  Totals& operator+=(const Totals& o) {
    items += o.items;
    messages += o.messages;
    bytes += o.bytes;
    errors += o.errors;
    return *this;
  }
  bool operator==(const Totals& o) const {
    return items == o.items && messages == o.messages && bytes == o.bytes && errors == o.errors;
  }
  bool operator!=(const Totals& o) const { return !(*this == o); }

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & items & messages & bytes & errors;
  }
};

// Error reasons longer than this are cut, which bounds a result's size.
constexpr std::size_t kMaxReasonBytes = 256;

// An item that was not processed, and why. The parent turns `item` back into
// a path; workers never need to send paths.
struct ItemError {
  std::uint64_t item = 0;
  std::string reason;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & item & reason;
  }
};

// Where one worker's time went.
struct WorkerStats {
  int worker = 0;
  std::int64_t pid = 0;
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  double read_s = 0;   // open + read + close
  double busy_s = 0;   // parse + count
  double wait_s = 0;   // waiting: for the queue (claims) or for the emulated GIL
  double total_s = 0;  // from worker start to result ready
  double cpu_s = 0;    // CPU time of the worker's thread in total_s; the rest it waited (disk, lock, a free core)
  std::uint64_t claims = 0;     // queue dispatch: batches claimed
  std::uint64_t batched_reads = 0;  // files read in io_uring batches (--read); the rest one by one
  double setup_s = 0;           // spawn: receiving and decoding the job; mpi: from mpirun (or orted) starting to work
  std::string host;             // mpi: the host of the rank (the worker id is the rank); "" otherwise
  std::uint64_t job_bytes = 0;  // spawn: bytes of job (configuration + items) the worker was sent
  std::uint64_t ipc_bytes = 0;  // bytes of this worker's result, counted by the parent
  double ipc_s = 0;             // parent's time to receive (read its pipe, copy its slot) and decode them
  std::int64_t max_rss_kb = 0;  // peak resident set, shared pages included
  std::int64_t private_kb = 0;  // private memory when the result was ready (see common/process_memory.h)
  // Set by the worker: steady_ns() when its result was ready. The clock is
  // the machine's, so the parent can subtract it from its own time of receipt.
  std::int64_t ready_ns = 0;
  // Set by the parent: from ready_ns until it held the whole result
  // (serialize, write or copy to the slot, transit, exit for shm).
  double send_s = 0;
  // Set by the parent, fork and spawn: steady_ns() when the worker's pipe
  // closed, that is when the process exited (0: not a process of this machine).
  std::int64_t exited_ns = 0;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & worker & pid & items & bytes & read_s & busy_s & wait_s & total_s & cpu_s & claims & batched_reads & setup_s & host &
        job_bytes & ipc_bytes & ipc_s & max_rss_kb & private_kb & ready_ns & send_s & exited_ns;
  }
};

// Everything one worker sends back.
struct ShardResult {
  WorkerStats stats;
  Totals totals;
  std::vector<ItemError> errors;  // in the order the worker met them
  std::vector<std::uint64_t> claimed_batches;  // queue dispatch: first item of each batch taken
  std::unique_ptr<TaskPartial> partial;        // the task's result (result/result_codec.h carries it)
  std::vector<TraceSpan> trace;                // --trace: what the worker did when (empty otherwise)

  // The envelope; the partial follows it on the wire (result_codec.cpp).
  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & stats & totals & errors & claimed_batches;
    std::string spans;
    if constexpr (Archive::is_saving::value) spans = pack_trace_spans(trace);
    ar & spans;
    if constexpr (Archive::is_loading::value) trace = unpack_trace_spans(spans);
  }
};

}  // namespace mpingest
