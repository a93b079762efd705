#include "result/result_codec.h"

#include "ipc/archive.h"

namespace mpingest::wire {

std::string serialize_result(const ShardResult& result) { return to_archive(result); }

ShardResult deserialize_result(std::string_view bytes) { return from_archive<ShardResult>(bytes, "a worker result"); }

}  // namespace mpingest::wire
