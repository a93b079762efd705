#include "result/result_codec.h"

#include "ipc/archive.h"

namespace mpingest::wire {

std::string serialize_result(const ShardResult& result) {
  return write_archive([&](boost::archive::binary_oarchive& archive) {
    archive << result;
    const bool has_partial = result.partial != nullptr;
    archive << has_partial;
    if (has_partial) result.partial->save(archive);
  });
}

ShardResult deserialize_result(std::string_view bytes, const Task& task) {
  ShardResult result;
  read_archive(bytes, "a worker result", [&](BoundedBinaryIArchive& archive) {
    archive >> result;
    bool has_partial = false;
    archive >> has_partial;
    if (has_partial) {
      result.partial = task.make_partial();
      result.partial->load(archive);
    }
  });
  return result;
}

}  // namespace mpingest::wire
