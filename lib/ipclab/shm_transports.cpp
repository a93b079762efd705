// The transports over shared memory, both in one segment per run
// (ipc/shared_segment.h: named, 0600, removed by its owner whatever happens):
// - shm is mpingest's own --ipc shm path for a stream of messages: each
//   message a record in the worker's RecordRing (ipc/record_ring.h) through
//   the RingRecordSink of --emit, with its doorbell frames on a pipe, and a
//   record larger than half a ring through it in pieces, as a worker does;
//   the reader drains through ParentTransport::drain_records, as the parent does.
// - shm-raw is the least such a transport can be: bare bytes through a
//   RawRing (raw_ring.h), eventfd and futex wake-ups, nothing else.
// Rings 0..W-1 carry worker -> parent, W..2W-1 parent -> worker (pingpong).
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

#include "common/system_error.h"
#include "ipc/frame_codec.h"
#include "ipc/record_batch.h"
#include "ipc/shared_segment.h"
#include "ipclab/fd_links.h"
#include "ipclab/lab_transports.h"
#include "ipclab/raw_ring.h"
#include "transport/result_transport.h"

namespace mpingest {
namespace {

constexpr std::size_t kReadBytes = 64u << 10;
// Per receive(): a writer that never pauses must not keep the reader from
// its other workers, nor from noticing a stop signal.
constexpr int kReadsPerReceive = 16;
constexpr std::size_t kBytesPerReceive = 4u << 20;

class RecordRingEnd final : public LabEnd {
 public:
  RecordRingEnd(SharedSegment& segment, int out_ring, int in_ring, UniqueFd read_fd, UniqueFd write_fd)
      : in_ring_(in_ring), read_fd_(std::move(read_fd)), write_fd_(std::move(write_fd)),
        sink_(make_worker_transport(IpcKind::shm, &segment)->record_sink(out_ring, write_fd_.get())),
        rings_(make_parent_transport(IpcKind::shm, &segment)), buffer_(kReadBytes, '\0') {}

  void send(std::string_view message) override { sink_->put(sent_++, message); }
  void flush() override { sink_->flush(); }

  bool receive(const Deliver& deliver) override {
    auto take = [&](std::uint64_t, std::string_view record) {
      deliver(record);
      return true;
    };
    for (int reads = 0; reads < kReadsPerReceive; ++reads) {
      ssize_t n = read_available(read_fd_.get(), false, buffer_.data(), buffer_.size());
      if (n < 0) return true;
      if (n == 0) {
        rings_->drain_records(in_ring_, take);  // what was published before the end
        return false;
      }
      decoder_.feed(buffer_.data(), static_cast<std::size_t>(n));
      while (auto frame = decoder_.next()) {
        if (frame->type == wire::FrameType::records_ready) {
          rings_->drain_records(in_ring_, take);
        } else if (frame->type == wire::FrameType::records) {
          wire::for_each_record(frame->payload, [&](std::uint64_t item, std::string_view record) { take(item, record); });
        } else {
          throw wire::WireError("ipc: a frame that is neither records nor a doorbell");
        }
      }
    }
    return true;
  }
  std::size_t partial_bytes() const override {
    return decoder_.pending_bytes() + rings_->partial_record_bytes(in_ring_);
  }
  std::vector<int> wait_fds() const override { return {read_fd_.get()}; }

 private:
  int in_ring_;
  UniqueFd read_fd_, write_fd_;
  std::unique_ptr<RecordSink> sink_;
  std::unique_ptr<ParentTransport> rings_;
  std::uint64_t sent_ = 0;
  wire::FrameDecoder decoder_;
  std::string buffer_;
};

class RecordRingTransport final : public LabTransport {
 public:
  RecordRingTransport(int workers, std::size_t /*message_size*/) : workers_(workers) {
    SegmentLayout layout;
    layout.ring_count = 2 * static_cast<std::size_t>(workers);
    layout.ring_size = record_ring_size(static_cast<std::size_t>(workers));
    segment_ = SharedSegment::create(layout);
    for (int w = 0; w < workers; ++w) links_.push_back(make_pipe_link());
  }
  std::unique_ptr<LabEnd> worker_end(int worker) override {
    close_other_ends(links_, worker, false);
    LinkFds& link = links_[static_cast<std::size_t>(worker)];
    return std::make_unique<RecordRingEnd>(*segment_, worker, workers_ + worker, std::move(link.worker_read),
                                           std::move(link.worker_write));
  }
  std::unique_ptr<LabEnd> parent_end(int worker) override {
    LinkFds& link = links_[static_cast<std::size_t>(worker)];
    return std::make_unique<RecordRingEnd>(*segment_, workers_ + worker, worker, std::move(link.parent_read),
                                           std::move(link.parent_write));
  }
  void close_worker_ends() override { close_other_ends(links_, -1, true); }

 private:
  int workers_;
  std::unique_ptr<SharedSegment> segment_;
  std::vector<LinkFds> links_;
};

// shm-raw. Each consumer (the parent; each worker, for pingpong) sleeps on
// its own eventfd; the parent also watches each worker's `alive` pipe,
// whose write end only that worker holds: its hang-up is the worker's death.
class RawRingEnd final : public LabEnd {
 public:
  RawRingEnd(void* out_ring, void* in_ring, std::size_t capacity, int wake_peer_fd, int my_wake_fd, int alive_fd,
             std::size_t message_size)
      : out_(out_ring, capacity), in_(in_ring, capacity), wake_peer_fd_(wake_peer_fd), my_wake_fd_(my_wake_fd),
        alive_fd_(alive_fd), message_(message_size, '\0') {}

  void send(std::string_view message) override {
    while (!message.empty()) {
      std::size_t n = out_.write_some(message.data(), message.size());
      if (n == 0) {
        out_.wait_for_room([this] { check_peer_alive(); });
        continue;
      }
      message.remove_prefix(n);
      if (out_.take_sleeping_consumer()) wake_peer();
    }
  }

  bool receive(const Deliver& deliver) override {
    in_.set_consumer_sleeping(false);
    bool any = false;
    std::size_t taken = 0;
    while (taken < kBytesPerReceive) {
      std::size_t n = in_.read_some(message_.data() + filled_, message_.size() - filled_);
      if (n == 0) break;
      any = true;
      taken += n;
      filled_ += n;
      if (filled_ == message_.size()) {
        deliver(message_);
        filled_ = 0;
      }
    }
    // The peer's death matters only once its ring is empty.
    return any || !peer_gone();
  }
  std::size_t partial_bytes() const override { return filled_; }
  std::vector<int> wait_fds() const override {
    if (alive_fd_ >= 0) return {my_wake_fd_, alive_fd_};
    return {my_wake_fd_};
  }
  bool prepare_to_wait() override {
    std::uint64_t count;
    while (::read(my_wake_fd_, &count, sizeof count) > 0) {
    }  // reset the eventfd (non-blocking): stale wake-ups would keep ppoll from sleeping
    in_.set_consumer_sleeping(true);
    if (in_.readable() > 0) {
      in_.set_consumer_sleeping(false);
      return false;
    }
    return true;
  }

 private:
  void wake_peer() {
    std::uint64_t one = 1;
    while (::write(wake_peer_fd_, &one, sizeof one) < 0 && errno == EINTR) {
    }
  }
  bool peer_gone() const {
    if (alive_fd_ < 0) return false;  // a worker's parent: PR_SET_PDEATHSIG ends the worker if it dies
    pollfd p{alive_fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLIN | POLLERR)) != 0;
  }
  void check_peer_alive() const {
    if (peer_gone()) throw RunError("ipc: the reader went away");
  }

  RawRing out_, in_;
  int wake_peer_fd_, my_wake_fd_, alive_fd_;
  std::string message_;
  std::size_t filled_ = 0;
};

UniqueFd make_eventfd() {
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) throw_system_error("ipc: eventfd", errno);
  return UniqueFd(fd);
}

class RawRingTransport final : public LabTransport {
 public:
  RawRingTransport(int workers, std::size_t message_size) : workers_(workers), size_(message_size) {
    capacity_ = record_ring_size(static_cast<std::size_t>(workers));  // as large as shm's rings: a fair race
    SegmentLayout layout;
    layout.cell_count = 2 * static_cast<std::size_t>(workers);
    layout.cell_size = RawRing::footprint(capacity_);
    segment_ = SharedSegment::create(layout);
    for (std::size_t i = 0; i < layout.cell_count; ++i) RawRing(segment_->cell(i), capacity_, true);
    parent_wake_ = make_eventfd();
    for (int w = 0; w < workers; ++w) {
      worker_wake_.push_back(make_eventfd());
      LinkFds alive = make_pipe_link();  // only its worker -> parent pipe is used
      alive.worker_read.reset();
      alive.parent_write.reset();
      alive_.push_back(std::move(alive));
    }
  }
  std::unique_ptr<LabEnd> worker_end(int worker) override {
    close_other_ends(alive_, worker, false);
    auto w = static_cast<std::size_t>(worker);
    for (std::size_t i = 0; i < worker_wake_.size(); ++i)
      if (i != w) worker_wake_[i].reset();
    held_alive_ = std::move(alive_[w].worker_write);  // held until the worker exits
    return std::make_unique<RawRingEnd>(ring(worker), ring(workers_ + worker), capacity_, parent_wake_.get(),
                                        worker_wake_[w].get(), -1, size_);
  }
  std::unique_ptr<LabEnd> parent_end(int worker) override {
    auto w = static_cast<std::size_t>(worker);
    return std::make_unique<RawRingEnd>(ring(workers_ + worker), ring(worker), capacity_, worker_wake_[w].get(),
                                        parent_wake_.get(), alive_[w].parent_read.get(), size_);
  }
  void close_worker_ends() override { close_other_ends(alive_, -1, true); }

 private:
  void* ring(int index) const { return segment_->cell(static_cast<std::size_t>(index)); }

  int workers_;
  std::size_t size_;
  std::size_t capacity_;
  std::unique_ptr<SharedSegment> segment_;
  UniqueFd parent_wake_;
  std::vector<UniqueFd> worker_wake_;
  std::vector<LinkFds> alive_;
  UniqueFd held_alive_;
};

}  // namespace

std::unique_ptr<LabTransport> make_record_ring_transport(int workers, std::size_t message_size) {
  return std::make_unique<RecordRingTransport>(workers, message_size);
}
std::unique_ptr<LabTransport> make_shm_raw_transport(int workers, std::size_t message_size) {
  return std::make_unique<RawRingTransport>(workers, message_size);
}

}  // namespace mpingest
