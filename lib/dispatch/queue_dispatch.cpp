#include "dispatch/queue_dispatch.h"

#include <algorithm>

#include "common/stopwatch.h"

namespace mpingest {
namespace {

class QueueCursor final : public ItemCursor {
 public:
  QueueCursor(WorkQueueState& state, std::size_t count, std::size_t batch)
      : state_(state), count_(count), batch_(batch) {}

  bool next(std::size_t& index) override {
    if (next_ == end_ && !claim()) return false;
    index = next_++;
    return true;
  }
  std::uint64_t claims() const override { return batches_.size(); }
  double claim_s() const override { return claim_s_; }
  std::vector<std::uint64_t> claimed_batches() const override { return batches_; }

 private:
  bool claim() {
    ScopedTimer timer(claim_s_);
    std::optional<ClaimedBatch> claimed = claim_batch(state_, count_, batch_);
    if (!claimed) return false;
    batches_.push_back(claimed->first);
    next_ = static_cast<std::size_t>(claimed->first);
    end_ = static_cast<std::size_t>(claimed->end);
    return true;
  }

  WorkQueueState& state_;
  std::size_t count_;
  std::size_t batch_;
  std::size_t next_ = 0;
  std::size_t end_ = 0;
  std::vector<std::uint64_t> batches_;
  double claim_s_ = 0;
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
