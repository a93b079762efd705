#pragma once
// The two static splits: decided up front, no coordination at run time.

#include "dispatch/dispatcher.h"

namespace mpingest {

// Item i goes to worker i mod N: the seed's manual Process split. Balances
// well when sizes are uncorrelated with position.
class RoundRobinDispatcher final : public Dispatcher {
 public:
  RoundRobinDispatcher(std::size_t item_count, int workers) : count_(item_count), workers_(workers) {}
  std::unique_ptr<ItemCursor> cursor(int worker) const override;

 private:
  std::size_t count_;
  int workers_;
};

// Contiguous ranges whose lengths differ by at most one (the seed's
// 0..3972, 3972..7946 split). Neighbouring files stay together, which is
// kind to the page cache and the disk, but a run of large files lands on one worker.
class BlockDispatcher final : public Dispatcher {
 public:
  BlockDispatcher(std::size_t item_count, int workers) : count_(item_count), workers_(workers) {}
  std::unique_ptr<ItemCursor> cursor(int worker) const override;

  // [begin, end) of worker `worker`.
  std::pair<std::size_t, std::size_t> range(int worker) const;

 private:
  std::size_t count_;
  int workers_;
};

// Exactly the given items, dealt round-robin: what replacement workers get
// after a failure (see launch/recovery.h).
class ListDispatcher final : public Dispatcher {
 public:
  ListDispatcher(std::vector<std::uint64_t> items, int workers) : items_(std::move(items)), workers_(workers) {}
  std::unique_ptr<ItemCursor> cursor(int worker) const override;

 private:
  std::vector<std::uint64_t> items_;
  int workers_;
};

}  // namespace mpingest
