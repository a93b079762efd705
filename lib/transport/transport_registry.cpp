// The --ipc transports. Adding one: a file with its class, a value of IpcKind
// (ipc_kind.h) and a line here.
#include <algorithm>

#include "common/named_values.h"
#include "transport/result_transport.h"

namespace mpingest {

// Defined in the transport's own file.
std::unique_ptr<WorkerTransport> make_pipe_worker_transport(SharedSegment* segment);
std::unique_ptr<ParentTransport> make_pipe_parent_transport(SharedSegment* segment);
std::unique_ptr<WorkerTransport> make_shm_worker_transport(SharedSegment* segment);
std::unique_ptr<ParentTransport> make_shm_parent_transport(SharedSegment* segment);

namespace {

struct TransportEntry {
  IpcKind value;
  const char* name;
  bool needs_segment;
  std::unique_ptr<WorkerTransport> (*make_worker)(SharedSegment* segment);
  std::unique_ptr<ParentTransport> (*make_parent)(SharedSegment* segment);
};

constexpr TransportEntry kTransports[] = {
    {IpcKind::pipe, "pipe", false, make_pipe_worker_transport, make_pipe_parent_transport},
    {IpcKind::shm, "shm", true, make_shm_worker_transport, make_shm_parent_transport},
};

const TransportEntry& transport_entry(IpcKind ipc) { return entry_for(kTransports, ipc, "--ipc"); }

const TransportEntry& transport_for(IpcKind ipc, SharedSegment* segment) {
  const TransportEntry& entry = transport_entry(ipc);
  if (entry.needs_segment && segment == nullptr)
    throw RunError("--ipc " + std::string(entry.name) + " needs the run's shared-memory segment");
  return entry;
}

}  // namespace

std::vector<std::string> ipc_kind_names() {
  std::vector<std::string> names;
  for (const TransportEntry& entry : kTransports) names.emplace_back(entry.name);
  return names;
}

IpcKind parse_ipc_kind(std::string_view name) { return value_named(kTransports, name, "--ipc", ipc_kind_names()); }

std::string_view ipc_kind_name(IpcKind ipc) { return transport_entry(ipc).name; }

bool transport_needs_segment(IpcKind ipc) { return transport_entry(ipc).needs_segment; }

std::unique_ptr<WorkerTransport> make_worker_transport(IpcKind ipc, SharedSegment* segment) {
  return transport_for(ipc, segment).make_worker(segment);
}

std::unique_ptr<ParentTransport> make_parent_transport(IpcKind ipc, SharedSegment* segment) {
  return transport_for(ipc, segment).make_parent(segment);
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
