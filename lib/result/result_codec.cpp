#include "result/result_codec.h"

#include "ipc/archive.h"

namespace mpingest::wire {

std::string serialize_result(const ShardResult& result) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out);
    archive << result;
    const bool has_partial = result.partial != nullptr;
    archive << has_partial;
    if (has_partial) result.partial->save(archive);
  }
  return std::move(out).str();
}

ShardResult deserialize_result(std::string_view bytes, const Task& task) {
  ShardResult result;
  try {
    ByteViewBuf view(bytes);
    std::istream in(&view);
    BoundedBinaryIArchive archive(in);
    archive >> result;
    bool has_partial = false;
    archive >> has_partial;
    if (has_partial) {
      result.partial = task.make_partial();
      result.partial->load(archive);
    }
  } catch (const std::exception& e) {  // archive_exception, or WireError for a lying length
    throw WireError(std::string("cannot decode a worker result: ") + e.what());
  }
  return result;
}

}  // namespace mpingest::wire
