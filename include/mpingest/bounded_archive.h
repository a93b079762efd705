#pragma once
// The archive a worker's result is decoded with: Boost's binary_iarchive
// format, except that a string length or element count larger than the
// bytes left in the input throws std::length_error before anything is
// allocated for it, and a bool that is neither 0 nor 1 throws
// std::invalid_argument. Tasks meet it only through TypedTask (typed_task.h).

#include <boost/archive/binary_iarchive_impl.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/detail/register_archive.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>

namespace mpingest::wire {

// boost::archive::binary_iarchive (same format), except that a string length
// or element count larger than the bytes left in the input is an error before
// anything is allocated for it. binary_iarchive would first resize to a
// lying length: 8 corrupt bytes could make the parent allocate and zero
// gigabytes. Here a container costs at most its element size times the
// payload size. Template instances are in ipc/archive.cpp.
class BoundedBinaryIArchive
    : public boost::archive::binary_iarchive_impl<BoundedBinaryIArchive, char, std::char_traits<char>> {
  using Base = boost::archive::binary_iarchive_impl<BoundedBinaryIArchive, char, std::char_traits<char>>;
  friend class boost::archive::detail::interface_iarchive<BoundedBinaryIArchive>;
  friend class boost::archive::basic_binary_iarchive<BoundedBinaryIArchive>;
  friend class boost::archive::basic_binary_iprimitive<BoundedBinaryIArchive, char, std::char_traits<char>>;
  friend class boost::archive::load_access;

 public:
  explicit BoundedBinaryIArchive(std::istream& in) : Base(in, 0) { init(0); }

 protected:
  template <class T>
  void load_override(T& t) {
    Base::load_override(t);
  }
  void load_override(boost::serialization::collection_size_type& count) {
    Base::load_override(count);
    check_length(count);  // every element takes at least one byte
  }
  using Base::load;
  // A bool is one byte on the wire; loading any other value into a bool is
  // undefined behaviour (found by tests/fuzz/fuzz_wire), so it is refused.
  void load(bool& b) {
    unsigned char byte = 0;
    load_binary(&byte, 1);
    if (byte > 1) throw std::invalid_argument("a bool of value " + std::to_string(byte));
    b = byte == 1;
  }
  // As basic_binary_iprimitive::load(std::string&): a size_t length, then the bytes.
  void load(std::string& s) {
    std::size_t length = 0;
    load_binary(&length, sizeof length);
    check_length(length);
    s.resize(length);
    if (length > 0) load_binary(s.data(), length);
  }

 private:
  void check_length(std::size_t length) {
    const std::streamsize left = this->m_sb.in_avail();
    if (left < 0 || length > static_cast<std::size_t>(left))
      throw std::length_error("length " + std::to_string(length) + " exceeds the " +
                              std::to_string(left < 0 ? 0 : left) + " bytes left");
  }
};

}  // namespace mpingest::wire

// As for binary_iarchive: vectors of plain values load as one block.
BOOST_SERIALIZATION_REGISTER_ARCHIVE(mpingest::wire::BoundedBinaryIArchive)
BOOST_SERIALIZATION_USE_ARRAY_OPTIMIZATION(mpingest::wire::BoundedBinaryIArchive)
