#pragma once
// A cursor that calls `every` at most once per interval, each time its
// worker takes an item: how a rank does MPI work between items on the
// thread that works (rank 0 serves the others; with a progress line, the
// others report how far they are).

#include <functional>
#include <memory>

#include "common/stopwatch.h"
#include "dispatch/dispatcher.h"

namespace mpingest {

class PeriodicCursor final : public ItemCursor {
 public:
  PeriodicCursor(std::unique_ptr<ItemCursor> inner, std::int64_t interval_ns, std::function<void()> every)
      : inner_(std::move(inner)), interval_ns_(interval_ns), every_(std::move(every)) {}

  bool next(std::size_t& index) override {
    now_and_then();
    return inner_->next(index);
  }
  bool next_in_window(std::size_t& index) override {
    now_and_then();
    return inner_->next_in_window(index);
  }
  std::uint64_t claims() const override { return inner_->claims(); }
  double claim_s() const override { return inner_->claim_s(); }
  std::vector<std::uint64_t> claimed_batches() const override { return inner_->claimed_batches(); }

 private:
  void now_and_then() {
    std::int64_t now = steady_ns();
    if (now - last_ns_ < interval_ns_) return;
    last_ns_ = now;
    every_();
  }

  std::unique_ptr<ItemCursor> inner_;
  std::int64_t interval_ns_;
  std::function<void()> every_;
  std::int64_t last_ns_ = 0;
};

class PeriodicDispatcher final : public Dispatcher {
 public:
  PeriodicDispatcher(std::unique_ptr<Dispatcher> inner, std::int64_t interval_ns, std::function<void()> every)
      : inner_(std::move(inner)), interval_ns_(interval_ns), every_(std::move(every)) {}
  std::unique_ptr<ItemCursor> cursor(int worker) const override {
    return std::make_unique<PeriodicCursor>(inner_->cursor(worker), interval_ns_, every_);
  }

 private:
  std::unique_ptr<Dispatcher> inner_;
  std::int64_t interval_ns_;
  std::function<void()> every_;
};

}  // namespace mpingest
