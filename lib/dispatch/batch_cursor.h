#pragma once
// A cursor over batches its worker claims one at a time: from the shared
// atomic cursor (queue dispatch), or from rank 0 (--mode mpi's remote
// ranks). It counts the claims, times them, and keeps each batch's first
// item so that the parent can tell what a worker that died had taken.

#include <optional>

#include "common/stopwatch.h"
#include "dispatch/queue_dispatch.h"

namespace mpingest {

class BatchCursor : public ItemCursor {
 public:
  bool next(std::size_t& index) override {
    if (next_ == end_ && !take()) return false;
    index = next_++;
    return true;
  }
  std::uint64_t claims() const override { return batches_.size(); }
  double claim_s() const override { return claim_s_; }
  std::vector<std::uint64_t> claimed_batches() const override { return batches_; }

 protected:
  // The next batch, or none when every item is taken.
  virtual std::optional<ClaimedBatch> claim() = 0;

 private:
  bool take() {
    ScopedTimer timer(claim_s_);
    std::optional<ClaimedBatch> batch = claim();
    if (!batch) return false;
    batches_.push_back(batch->first);
    next_ = static_cast<std::size_t>(batch->first);
    end_ = static_cast<std::size_t>(batch->end);
    return true;
  }

  std::size_t next_ = 0;
  std::size_t end_ = 0;
  std::vector<std::uint64_t> batches_;
  double claim_s_ = 0;
};

}  // namespace mpingest
