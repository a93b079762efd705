#include "launch/mpi/remote_queue.h"

#include <cstdint>

#include "dispatch/batch_cursor.h"
#include "launch/mpi/idle_backoff.h"

namespace mpingest {
namespace {

class RemoteQueueCursor final : public BatchCursor {
 public:
  explicit RemoteQueueCursor(MpiWorld& world) : world_(world) { request(); }

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
  std::optional<ClaimedBatch> claim() override {
    if (!in_flight_) return std::nullopt;
    IdleBackoff idle;
    while (!reply_.test()) idle.wait();
    in_flight_ = false;
    if (range_[0] >= range_[1]) return std::nullopt;  // every item is taken
    ClaimedBatch batch{range_[0], range_[1]};
    request();
    return batch;
  }

  MpiWorld& world_;
  boost::mpi::request reply_;
  std::uint64_t range_[2] = {0, 0};
  bool in_flight_ = false;
};

}  // namespace

std::unique_ptr<ItemCursor> RemoteQueueDispatcher::cursor(int /*worker*/) const {
  return std::make_unique<RemoteQueueCursor>(world_);
}

}  // namespace mpingest
