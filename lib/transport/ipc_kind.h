#pragma once
// --ipc: how a process worker's results reach the parent. The run's
// configuration holds the enum; its name and traits come from the transport
// registry (transport/transport_registry.cpp).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

enum class IpcKind : std::uint8_t { pipe, shm };

// The names --ipc accepts, and their values.
std::vector<std::string> ipc_kind_names();
IpcKind parse_ipc_kind(std::string_view name);  // throws UsageError
std::string_view ipc_kind_name(IpcKind ipc);

// Whether the transport needs the run's shared-memory segment.
bool transport_needs_segment(IpcKind ipc);

}  // namespace mpingest
