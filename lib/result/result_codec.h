#pragma once
// ShardResult <-> bytes, with Boost.Serialization binary archives. Boost
// throws; these functions convert its exceptions to wire::WireError here, at
// the ipc/ boundary.

#include <string>
#include <string_view>

#include "result/totals.h"

namespace mpingest::wire {

std::string serialize_result(const ShardResult& result);
ShardResult deserialize_result(std::string_view bytes);

}  // namespace mpingest::wire
