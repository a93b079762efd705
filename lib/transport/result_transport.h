#pragma once
// How a process worker's result reaches the parent (--ipc). Every worker
// has a pipe to the parent either way: it carries worker_error frames, and
// its EOF tells the parent the worker is done. The transport decides where
// the result itself travels. It has two halves: the worker's (send, and a
// sink for --emit records) and the parent's (what arrived outside the pipe).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/frame_codec.h"
#include "result/totals.h"
#include "transport/ipc_kind.h"
#include "worker/record_sink.h"

namespace mpingest {

class SharedSegment;

// The worker's half.
class WorkerTransport {
 public:
  virtual ~WorkerTransport() = default;
  // Delivers `result`. Throws on failure (the worker then exits non-zero).
  virtual void send(int worker, const ShardResult& result, int pipe_fd) = 0;
  // --emit: where the worker's records go while it works.
  virtual std::unique_ptr<RecordSink> record_sink(int worker, int pipe_fd) = 0;
};

// The parent's half.
class ParentTransport {
 public:
  virtual ~ParentTransport() = default;
  // Hands records waiting outside the pipe (a shared-memory ring) to
  // `take`, in order, until it returns false. Returns whether any record
  // was taken. Throws wire::WireError on corruption.
  virtual bool drain_records(int /*worker*/, const std::function<bool(std::uint64_t, std::string_view)>& /*take*/) {
    return false;
  }
  // Bytes of a record `worker` has sent only part of, outside the pipe (a
  // record in pieces through a ring): non-zero after its end means it died
  // mid-record.
  virtual std::size_t partial_record_bytes(int /*worker*/) const { return 0; }
  // Before a worker starts at `worker` (each recovery round reuses the
  // positions): nothing of an earlier worker there may be taken for its.
  virtual void reset(int /*worker*/) {}
  // After the worker exited cleanly: its result frame if it travelled
  // outside the pipe, nullopt if it came on the pipe.
  // Throws wire::WireError if the result is missing or corrupt.
  virtual std::optional<wire::Frame> collect(int worker) = 0;
};

// A forked worker inherits the parent's worker half; a spawned one makes its own.
std::unique_ptr<WorkerTransport> make_worker_transport(IpcKind ipc, SharedSegment* segment);
std::unique_ptr<ParentTransport> make_parent_transport(IpcKind ipc, SharedSegment* segment);

// Bytes of a worker's result slot, for a worker expected to get `items`
// items (its share under static dispatch): room for every one of them to be
// an error, up to kMaxResultSlotBytes. A result that does not fit (queue
// dispatch gave the worker more, or --top's address tables) takes the pipe.
constexpr std::size_t kMaxResultSlotBytes = 4u << 20;
std::size_t result_slot_size(std::size_t items);

// Data bytes of each worker's record ring (--emit with --ipc shm): an equal
// share of kRecordRingBudget, within [kMinRecordRingBytes,
// kMaxRecordRingBytes]. A record larger than half a ring goes through it in pieces.
constexpr std::size_t kRecordRingBudget = 64u << 20;
constexpr std::size_t kMinRecordRingBytes = 256u << 10;
constexpr std::size_t kMaxRecordRingBytes = 4u << 20;
std::size_t record_ring_size(std::size_t workers);

}  // namespace mpingest
