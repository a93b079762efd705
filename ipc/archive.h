#pragma once
// Boost.Serialization binary archives to and from bytes. Boost throws its
// own exceptions; they become wire::WireError here, at the ipc/ boundary.

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <sstream>
#include <string>
#include <string_view>

#include "ipc/wire_format.h"

namespace mpingest::wire {

template <class T>
std::string to_archive(const T& value) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out);
    archive << value;
  }
  return std::move(out).str();
}

// `what` names the value in the error message, e.g. "a worker result".
template <class T>
T from_archive(std::string_view bytes, const char* what) {
  T value;
  try {
    std::istringstream in(std::string(bytes), std::ios::binary);
    boost::archive::binary_iarchive archive(in);
    archive >> value;
  } catch (const std::exception& e) {  // archive_exception, or bad_alloc from a lying length
    throw WireError(std::string("cannot decode ") + what + ": " + e.what());
  }
  return value;
}

}  // namespace mpingest::wire
