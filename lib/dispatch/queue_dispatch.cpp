#include "dispatch/queue_dispatch.h"

#include <algorithm>

#include "dispatch/batch_cursor.h"

namespace mpingest {
namespace {

class QueueCursor final : public BatchCursor {
 public:
  QueueCursor(WorkQueueState& state, std::size_t count, std::size_t batch)
      : state_(state), count_(count), batch_(batch) {}

 private:
  std::optional<ClaimedBatch> claim() override { return claim_batch(state_, count_, batch_); }

  WorkQueueState& state_;
  std::size_t count_;
  std::size_t batch_;
};

}  // namespace

std::optional<ClaimedBatch> claim_batch(WorkQueueState& state, std::size_t count, std::size_t batch) {
  std::uint64_t first = state.next.fetch_add(batch, std::memory_order_relaxed);
  if (first >= count) return std::nullopt;
  return ClaimedBatch{first, std::min<std::uint64_t>(count, first + batch)};
}

std::unique_ptr<ItemCursor> QueueDispatcher::cursor(int /*worker*/) const {
  return std::make_unique<QueueCursor>(state_, count_, batch_);
}

}  // namespace mpingest
