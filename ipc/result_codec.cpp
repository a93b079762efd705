#include "ipc/result_codec.h"

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <sstream>

#include "ipc/wire_format.h"

namespace mpingest::wire {

std::string serialize_result(const ShardResult& result) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out);
    archive << result;
  }
  return std::move(out).str();
}

ShardResult deserialize_result(std::string_view bytes) {
  ShardResult result;
  try {
    std::istringstream in(std::string(bytes), std::ios::binary);
    boost::archive::binary_iarchive archive(in);
    archive >> result;
  } catch (const boost::archive::archive_exception& e) {
    throw WireError(std::string("cannot decode a worker result: ") + e.what());
  } catch (const std::exception& e) {  // e.g. std::bad_alloc from a lying length
    throw WireError(std::string("cannot decode a worker result: ") + e.what());
  }
  return result;
}

}  // namespace mpingest::wire
