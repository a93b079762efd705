#pragma once
// Pool-style dispatch: idle workers claim the next `batch` items from a
// shared cursor. Balances any size distribution, at the price of one atomic
// read-modify-write per claim (and cache-line traffic between cores).

#include <optional>

#include "dispatch/dispatcher.h"

namespace mpingest {

// Items [first, end) taken by one claim.
struct ClaimedBatch {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
};

// One claim of up to `batch` of `count` items from `state`; none when every
// item is taken. fetch_add never fails or retries: a claim past the end just
// means "done". Workers claim through QueueDispatcher's cursors; --mode mpi's
// rank 0 also claims with it on behalf of remote ranks, from the same cursor.
std::optional<ClaimedBatch> claim_batch(WorkQueueState& state, std::size_t count, std::size_t batch);

class QueueDispatcher final : public Dispatcher {
 public:
  // `state` is shared by all workers and must outlive every cursor.
  QueueDispatcher(WorkQueueState& state, std::size_t item_count, std::size_t batch)
      : state_(state), count_(item_count), batch_(batch) {}
  std::unique_ptr<ItemCursor> cursor(int worker) const override;

 private:
  WorkQueueState& state_;
  std::size_t count_;
  std::size_t batch_;
};

}  // namespace mpingest
