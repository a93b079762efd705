// --ipc shm: each worker writes its result frame into its own slot of the
// run's shared-memory segment, and streams --emit records through its own
// ring there (record_ring.h), ringing a doorbell frame on its pipe now and
// then so the parent, asleep in ppoll, knows to drain it.
//
// Results need no lock: a worker writes only its own slot and then exits;
// the parent reads a slot only after waitpid() has reported that worker's
// clean exit, and waitpid orders the child's writes before the parent's
// reads. The frame's length check and CRC catch a worker killed mid-write.
// A result too large for its slot travels on the pipe instead.
#include <cstring>
#include <vector>

#include "common/system_error.h"
#include "transport/pipe_record_sink.h"
#include "ipc/pipe_writer.h"
#include "ipc/record_batch.h"
#include "ipc/record_ring.h"
#include "result/result_codec.h"
#include "transport/result_transport.h"
#include "ipc/shared_segment.h"

namespace mpingest {
namespace {

// Records into the worker's ring; one larger than half the ring goes
// through it in pieces, the parent gathering them while this side waits
// for room for the next.
class RingRecordSink final : public RecordSink {
 public:
  RingRecordSink(char* ring, std::size_t capacity, int pipe_fd) : ring_(ring, capacity), pipe_fd_(pipe_fd) {}

  void put(std::uint64_t item, std::string_view record) override {
    // The pipe's limit for a record, so that both paths refuse the same.
    if (record.size() + sizeof(wire::RecordEntryHeader) > wire::kMaxPayload)
      throw wire::WireError("a record of " + std::to_string(record.size()) + " bytes exceeds the limit of " +
                            std::to_string(wire::kMaxPayload));
    if (ring_.try_push(item, record)) {  // the usual case, without the callbacks
      announce_later(RecordRing::kEntryHeader + record.size());
      return;
    }
    ring_.push(
        item, record, [this] { ring_doorbell(); },  // the parent must know before we wait for it
        [this](std::size_t entry_bytes) { announce_later(entry_bytes); });
  }

  void flush() override {
    if (unannounced_ > 0) ring_doorbell();
  }

 private:
  void announce_later(std::size_t entry_bytes) {
    unannounced_ += entry_bytes;
    if (unannounced_ >= wire::kTargetBatchBytes) ring_doorbell();
  }
  void ring_doorbell() {
    wire::write_all(pipe_fd_, wire::encode_frame(wire::FrameType::records_ready, {}));
    unannounced_ = 0;
  }

  RecordRing ring_;
  int pipe_fd_;
  std::size_t unannounced_ = 0;
};

class ShmWorkerTransport final : public WorkerTransport {
 public:
  explicit ShmWorkerTransport(SharedSegment& segment) : segment_(segment) {}

  void send(int worker, const ShardResult& result, int pipe_fd) override {
    std::string payload = wire::serialize_result(result);
    if (sizeof(wire::FrameHeader) + payload.size() > segment_.slot_size()) {
      // Slots are sized for errors, not for --top's address tables or a
      // words dictionary, which have no useful bound: such a result takes the pipe.
      wire::write_frame(pipe_fd, wire::FrameType::result, {payload});
      return;
    }
    // Header and payload straight into the slot: no frame assembled on the way.
    char* slot = segment_.slot(static_cast<std::size_t>(worker));
    wire::FrameHeader header = wire::frame_header(wire::FrameType::result, {payload});
    std::memcpy(slot + sizeof header, payload.data(), payload.size());
    std::memcpy(slot, &header, sizeof header);
  }

  std::unique_ptr<RecordSink> record_sink(int worker, int pipe_fd) override {
    if (!segment_.has_rings()) return make_pipe_record_sink(pipe_fd);
    return std::make_unique<RingRecordSink>(segment_.ring(static_cast<std::size_t>(worker)), segment_.ring_size(),
                                            pipe_fd);
  }

 private:
  SharedSegment& segment_;
};

class ShmParentTransport final : public ParentTransport {
 public:
  explicit ShmParentTransport(SharedSegment& segment) : segment_(segment), partials_(segment.ring_count()) {}

  bool drain_records(int worker, const std::function<bool(std::uint64_t, std::string_view)>& take) override {
    if (!segment_.has_rings()) return false;
    bool took = false;
    RecordRing ring(segment_.ring(static_cast<std::size_t>(worker)), segment_.ring_size());
    ring.drain(
        [&](std::uint64_t item, std::string_view record) {
          if (!take(item, record)) return false;
          took = true;
          return true;
        },
        partials_[static_cast<std::size_t>(worker)]);
    return took;
  }

  // An empty slot (a zero header is no frame) and an empty ring.
  void reset(int worker) override {
    auto i = static_cast<std::size_t>(worker);
    if (segment_.has_slots()) std::memset(segment_.slot(i), 0, sizeof(wire::FrameHeader));
    if (segment_.has_rings()) {
      RecordRing(segment_.ring(i), segment_.ring_size(), true);
      partials_[i].clear();
    }
  }

  std::size_t partial_record_bytes(int worker) const override {
    return segment_.has_rings() ? partials_[static_cast<std::size_t>(worker)].bytes.size() : 0;
  }

  std::optional<wire::Frame> collect(int worker) override {
    return wire::decode_frame_at(segment_.slot(static_cast<std::size_t>(worker)), segment_.slot_size());
  }

 private:
  SharedSegment& segment_;
  std::vector<PartialRecord> partials_;  // a ring's record in pieces so far, per ring
};

}  // namespace

std::unique_ptr<WorkerTransport> make_shm_worker_transport(SharedSegment* segment) {
  return std::make_unique<ShmWorkerTransport>(*segment);
}

std::unique_ptr<ParentTransport> make_shm_parent_transport(SharedSegment* segment) {
  return std::make_unique<ShmParentTransport>(*segment);
}

}  // namespace mpingest
