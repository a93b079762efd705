#pragma once
// What the parent's progress line shows: the sum of the workers' status
// slots (relaxed loads, no lock), plus what earlier recovery rounds
// delivered. A dead worker's count is dropped with its result: its items
// are counted again as its replacements redo them.

#include <cstdint>
#include <vector>

#include "output/progress_meter.h"
#include "worker/worker_status.h"

namespace mpingest {

struct ProgressFeed {
  ProgressMeter* meter = nullptr;   // null: no progress line
  std::vector<const WorkerStatus*> statuses;
  std::uint64_t base_items = 0;     // delivered by earlier rounds
  std::uint64_t base_bytes = 0;

  void tick(bool force = false) const {
    if (meter == nullptr) return;
    std::uint64_t items = base_items;
    std::uint64_t bytes = base_bytes;
    for (const WorkerStatus* status : statuses) {
      items += status->items_done.load(std::memory_order_relaxed);
      bytes += status->bytes_done.load(std::memory_order_relaxed);
    }
    meter->update(items, bytes, force);
  }
};

inline std::vector<const WorkerStatus*> addresses_of(const std::vector<WorkerStatus>& statuses) {
  std::vector<const WorkerStatus*> out;
  for (const WorkerStatus& status : statuses) out.push_back(&status);
  return out;
}

}  // namespace mpingest
