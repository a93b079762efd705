#pragma once
// ShardResult <-> bytes, with Boost.Serialization binary archives: the
// envelope, then the task's partial (TaskPartial::save/load). Boost throws;
// these functions convert its exceptions to wire::WireError here.

#include <string>
#include <string_view>

#include "result/totals.h"

namespace mpingest::wire {

std::string serialize_result(const ShardResult& result);
// `task` makes the empty partial the bytes are loaded into.
ShardResult deserialize_result(std::string_view bytes, const Task& task);

}  // namespace mpingest::wire
