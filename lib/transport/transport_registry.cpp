// The --ipc transports. Adding one: a file with its class and a line here.
#include <algorithm>

#include "common/system_error.h"
#include "transport/result_transport.h"

namespace mpingest {

// Defined in the transport's own file.
std::unique_ptr<WorkerTransport> make_pipe_worker_transport(SharedSegment* segment);
std::unique_ptr<ParentTransport> make_pipe_parent_transport(SharedSegment* segment);
std::unique_ptr<WorkerTransport> make_shm_worker_transport(SharedSegment* segment);
std::unique_ptr<ParentTransport> make_shm_parent_transport(SharedSegment* segment);

namespace {

struct TransportEntry {
  const char* name;
  bool needs_segment;
  std::unique_ptr<WorkerTransport> (*make_worker)(SharedSegment* segment);
  std::unique_ptr<ParentTransport> (*make_parent)(SharedSegment* segment);
};

constexpr TransportEntry kTransports[] = {
    {"pipe", false, make_pipe_worker_transport, make_pipe_parent_transport},
    {"shm", true, make_shm_worker_transport, make_shm_parent_transport},
};

const TransportEntry* find_transport(std::string_view name) {
  for (const TransportEntry& entry : kTransports) {
    if (name == entry.name) return &entry;
  }
  return nullptr;
}

}  // namespace

bool transport_needs_segment(std::string_view ipc) {
  const TransportEntry* entry = find_transport(ipc);
  return entry != nullptr && entry->needs_segment;
}

namespace {

const TransportEntry& transport_for(std::string_view ipc, SharedSegment* segment) {
  const TransportEntry* entry = find_transport(ipc);
  if (entry == nullptr) throw UsageError("unknown --ipc '" + std::string(ipc) + "'");
  if (entry->needs_segment && segment == nullptr)
    throw RunError("--ipc " + std::string(ipc) + " needs the run's shared-memory segment");
  return *entry;
}

}  // namespace

std::unique_ptr<WorkerTransport> make_worker_transport(std::string_view ipc, SharedSegment* segment) {
  return transport_for(ipc, segment).make_worker(segment);
}

std::unique_ptr<ParentTransport> make_parent_transport(std::string_view ipc, SharedSegment* segment) {
  return transport_for(ipc, segment).make_parent(segment);
}

std::vector<std::string> transport_names() {
  std::vector<std::string> names;
  for (const TransportEntry& entry : kTransports) names.emplace_back(entry.name);
  return names;
}

// Per item, an error entry costs at most its index, a length and a reason
// (reasons are capped at kMaxReasonBytes); the rest of a result is small.
std::size_t result_slot_size(std::size_t items) {
  return std::min<std::size_t>(kMaxResultSlotBytes, (64u << 10) + items * 320u);
}

std::size_t record_ring_size(std::size_t workers) {
  return std::clamp<std::size_t>(kRecordRingBudget / std::max<std::size_t>(workers, 1), kMinRecordRingBytes,
                                 kMaxRecordRingBytes);
}

}  // namespace mpingest
