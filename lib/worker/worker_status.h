#pragma once
// What a running worker publishes about itself, cheaply (a few relaxed
// stores per item, no lock, no system call): which item it is on, since
// when, and how far it has got. For process workers it lives in the run's
// shared memory, so the parent can see which item a worker died or hung on
// (poison isolation, --timeout) even though the worker's own result is lost.

#include <atomic>
#include <cstdint>

#include "common/stopwatch.h"

namespace mpingest {

struct alignas(64) WorkerStatus {
  std::atomic<std::uint64_t> current_item{0};  // item being processed + 1; 0 between items
  std::atomic<std::int64_t> heartbeat_ns{0};   // steady clock when the worker last started or finished an item
  std::atomic<std::uint64_t> items_done{0};
  std::atomic<std::uint64_t> bytes_done{0};

  // `at_ns`: steady_ns() as the caller already read it (one clock for all processes).
  void begin_item(std::uint64_t item, std::int64_t at_ns) {
    current_item.store(item + 1, std::memory_order_relaxed);
    heartbeat_ns.store(at_ns, std::memory_order_relaxed);
  }
  void end_item(std::uint64_t bytes, std::int64_t at_ns) {
    current_item.store(0, std::memory_order_relaxed);
    items_done.fetch_add(1, std::memory_order_relaxed);
    bytes_done.fetch_add(bytes, std::memory_order_relaxed);
    heartbeat_ns.store(at_ns, std::memory_order_relaxed);
  }
};
static_assert(std::atomic<std::int64_t>::is_always_lock_free, "status words are read across processes");

}  // namespace mpingest
