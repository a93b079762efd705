#include "dispatch/queue_dispatch.h"

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
    // fetch_add never fails or retries; a claim past the end just means "done".
    std::uint64_t begin = state_.next.fetch_add(batch_, std::memory_order_relaxed);
    if (begin >= count_) return false;
    batches_.push_back(begin);
    next_ = static_cast<std::size_t>(begin);
    end_ = std::min(count_, next_ + batch_);
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

std::unique_ptr<ItemCursor> QueueDispatcher::cursor(int /*worker*/) const {
  return std::make_unique<QueueCursor>(state_, count_, batch_);
}

}  // namespace mpingest
