#pragma once
// Pool-style dispatch: idle workers claim the next `batch` items from a
// shared cursor. Balances any size distribution, at the price of one atomic
// read-modify-write per claim (and cache-line traffic between cores).

#include "dispatch/dispatcher.h"

namespace mpingest {

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
