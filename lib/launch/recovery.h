#pragma once
// What to do after process workers died: which items their results took
// with them, which item is to blame, and whether to try again.
//
// A dead worker's result never arrives, so everything it was responsible
// for is lost: its whole shard under static dispatch, every batch it claimed
// under queue dispatch (the complement of what the survivors report). Those
// items are re-run by replacement workers, so totals come out exactly as in
// a clean run. The item a worker was on when it died (from its status slot)
// is the suspect; an item that has taken down more than `retries` workers is
// poison: it is listed as an error and left out, and the rest goes on. A
// failure with no suspect (a worker killed between items, or before its
// first) is retried `retries` times, then the lost items are given up on.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dispatch/dispatcher.h"
#include "launch/launcher.h"

namespace mpingest {

class RecoveryPlanner {
 public:
  RecoveryPlanner(std::size_t item_count, int retries) : item_count_(item_count), retries_(retries) {}

  // The items of this round that were lost: the cursors of the failed
  // positions for static dispatch, or, for queue dispatch, the items no
  // delivered result claimed. Sorted.
  std::vector<std::uint64_t> lost_items(const DispatchSpec& spec, const Dispatcher& dispatcher,
                                        const std::vector<int>& failed_positions,
                                        const std::vector<ShardResult>& delivered) const;

  // Blames the round's failures (suspect_item set where known), moves
  // poison items from `lost` to `poison`, and says whether to run another
  // round for what remains of `lost`.
  bool plan_next_round(const std::vector<WorkerFailure>& failures, std::vector<std::uint64_t>& lost,
                       std::vector<ItemError>& poison);

 private:
  std::size_t item_count_;
  int retries_;
  std::map<std::uint64_t, int> crashes_;  // item -> workers it took down
  int unexplained_failures_ = 0;          // rounds with a failure that had no suspect
};

}  // namespace mpingest
