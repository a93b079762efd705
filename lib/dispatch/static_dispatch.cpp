#include "dispatch/static_dispatch.h"

namespace mpingest {
namespace {

// Indices begin, begin + step, ... below end.
class StridedCursor final : public ItemCursor {
 public:
  StridedCursor(std::size_t begin, std::size_t end, std::size_t step)
      : next_(begin), end_(end), step_(step) {}
  bool next(std::size_t& index) override {
    if (next_ >= end_) return false;
    index = next_;
    next_ += step_;
    return true;
  }

 private:
  std::size_t next_;
  std::size_t end_;
  std::size_t step_;
};

class ListCursor final : public ItemCursor {
 public:
  ListCursor(const std::vector<std::uint64_t>& items, std::size_t first, std::size_t step)
      : items_(items), next_(first), step_(step) {}
  bool next(std::size_t& index) override {
    if (next_ >= items_.size()) return false;
    index = static_cast<std::size_t>(items_[next_]);
    next_ += step_;
    return true;
  }

 private:
  const std::vector<std::uint64_t>& items_;
  std::size_t next_;
  std::size_t step_;
};

}  // namespace

std::unique_ptr<ItemCursor> ListDispatcher::cursor(int worker) const {
  return std::make_unique<ListCursor>(items_, static_cast<std::size_t>(worker), static_cast<std::size_t>(workers_));
}

std::unique_ptr<ItemCursor> RoundRobinDispatcher::cursor(int worker) const {
  return std::make_unique<StridedCursor>(static_cast<std::size_t>(worker), count_,
                                         static_cast<std::size_t>(workers_));
}

std::pair<std::size_t, std::size_t> BlockDispatcher::range(int worker) const {
  auto n = static_cast<std::size_t>(workers_);
  auto w = static_cast<std::size_t>(worker);
  std::size_t base = count_ / n;
  std::size_t extra = count_ % n;  // the first `extra` workers take one more
  std::size_t begin = w * base + std::min(w, extra);
  return {begin, begin + base + (w < extra ? 1 : 0)};
}

std::unique_ptr<ItemCursor> BlockDispatcher::cursor(int worker) const {
  auto [begin, end] = range(worker);
  return std::make_unique<StridedCursor>(begin, end, 1);
}

}  // namespace mpingest
