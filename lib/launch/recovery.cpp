#include "launch/recovery.h"

#include <algorithm>

namespace mpingest {

std::vector<std::uint64_t> RecoveryPlanner::lost_items(const DispatchSpec& spec, const Dispatcher& dispatcher,
                                                       const std::vector<int>& failed_positions,
                                                       const std::vector<ShardResult>& delivered) const {
  std::vector<std::uint64_t> lost;
  if (dispatch_uses_batches(spec.strategy)) {
    std::vector<bool> claimed(item_count_, false);
    for (const ShardResult& shard : delivered) {
      for (std::uint64_t begin : shard.claimed_batches) {
        for (std::uint64_t i = begin; i < std::min<std::uint64_t>(begin + spec.batch, item_count_); ++i) claimed[i] = true;
      }
    }
    for (std::uint64_t i = 0; i < item_count_; ++i) {
      if (!claimed[i]) lost.push_back(i);
    }
    return lost;
  }
  for (int position : failed_positions) {
    auto cursor = dispatcher.cursor(position);
    std::size_t index;
    while (cursor->next(index)) lost.push_back(index);
  }
  std::sort(lost.begin(), lost.end());
  return lost;
}

bool RecoveryPlanner::plan_next_round(const std::vector<WorkerFailure>& failures, std::vector<std::uint64_t>& lost,
                                      std::vector<ItemError>& poison) {
  bool unexplained = false;
  for (const WorkerFailure& failure : failures) {
    if (failure.suspect_item < 0) {
      unexplained = true;
      continue;
    }
    auto item = static_cast<std::uint64_t>(failure.suspect_item);
    int crashes = ++crashes_[item];
    if (crashes <= retries_) continue;
    auto it = std::lower_bound(lost.begin(), lost.end(), item);
    if (it == lost.end() || *it != item) continue;  // already dealt with
    lost.erase(it);
    poison.push_back({item, "poison: took down " + std::to_string(crashes) + " workers (last: " + failure.what + ")"});
  }
  if (unexplained && ++unexplained_failures_ > retries_) return false;
  return !lost.empty();
}

}  // namespace mpingest
