#include "launch/mpi/remote_queue.h"

#include <cstdint>

#include "common/stopwatch.h"
#include "launch/mpi/idle_backoff.h"

namespace mpingest {
namespace {

class RemoteQueueCursor final : public ItemCursor {
 public:
  explicit RemoteQueueCursor(MpiWorld& world) : world_(world) { request(); }

  bool next(std::size_t& index) override {
    if (next_ == end_ && !take()) return false;
    index = next_++;
    return true;
  }
  std::uint64_t claims() const override { return batches_.size(); }
  double claim_s() const override { return claim_s_; }
  std::vector<std::uint64_t> claimed_batches() const override { return batches_; }

 private:
  // The answer is received into range_ as it comes, while this rank works.
  void request() {
    reply_ = world_.comm().irecv(0, mpi_tag::kBatch, range_, 2);
    world_.comm().send(0, mpi_tag::kClaim);
    in_flight_ = true;
  }

  // The answer to the request in flight; asks for the next batch at once.
  // Waits by polling with short sleeps: a blocking receive would spin and
  // take the core rank 0 needs to answer.
  bool take() {
    if (!in_flight_) return false;
    ScopedTimer timer(claim_s_);
    IdleBackoff idle;
    while (!reply_.test()) idle.wait();
    in_flight_ = false;
    if (range_[0] >= range_[1]) return false;  // every item is taken
    batches_.push_back(range_[0]);
    next_ = static_cast<std::size_t>(range_[0]);
    end_ = static_cast<std::size_t>(range_[1]);
    request();
    return true;
  }

  MpiWorld& world_;
  boost::mpi::request reply_;
  std::uint64_t range_[2] = {0, 0};
  bool in_flight_ = false;
  std::size_t next_ = 0;
  std::size_t end_ = 0;
  std::vector<std::uint64_t> batches_;
  double claim_s_ = 0;
};

}  // namespace

std::unique_ptr<ItemCursor> RemoteQueueDispatcher::cursor(int /*worker*/) const {
  return std::make_unique<RemoteQueueCursor>(world_);
}

}  // namespace mpingest
