#pragma once
// Boost.Serialization binary archives to and from bytes (the input side is
// mpingest/bounded_archive.h). Boost throws its own exceptions, and the
// bounded archive std::length_error; they become wire::WireError here, at
// the ipc/ boundary.

#include <boost/archive/archive_exception.hpp>
#include <cstddef>
#include <istream>
#include <sstream>
#include <string>
#include <string_view>

#include "ipc/wire_format.h"
#include "mpingest/bounded_archive.h"

namespace mpingest::wire {

// The bytes of what `write(archive)` puts in a binary archive.
template <class Write>
std::string write_archive(Write&& write) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out);
    write(archive);
  }
  return std::move(out).str();
}

template <class T>
std::string to_archive(const T& value) {
  return write_archive([&](boost::archive::binary_oarchive& archive) { archive << value; });
}

// A read-only stream over bytes that stay where they are. An istringstream
// would copy them twice (into its argument, then into its buffer): for a
// spawned worker's item list, two more copies of the list at its peak.
class ByteViewBuf : public std::streambuf {
 public:
  explicit ByteViewBuf(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());  // a get area only: never written through
    setg(begin, begin, begin + bytes.size());
  }
};

// Runs `read(archive)` over `bytes`; whatever it throws (archive_exception,
// the bounded archive's length_error or invalid_argument) becomes a
// WireError. `what` names the value in the message, e.g. "a worker result".
template <class Read>
void read_archive(std::string_view bytes, const char* what, Read&& read) {
  try {
    ByteViewBuf view(bytes);
    std::istream in(&view);
    BoundedBinaryIArchive archive(in);
    read(archive);
  } catch (const std::exception& e) {
    throw WireError(std::string("cannot decode ") + what + ": " + e.what());
  }
}

template <class T>
T from_archive(std::string_view bytes, const char* what) {
  T value;
  read_archive(bytes, what, [&](BoundedBinaryIArchive& archive) { archive >> value; });
  return value;
}

}  // namespace mpingest::wire
