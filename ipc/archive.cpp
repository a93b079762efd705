// The template instances behind BoundedBinaryIArchive (ipc/archive.h), as
// Boost's own src/binary_iarchive.cpp provides them for binary_iarchive.
#include "ipc/archive.h"

#include <boost/archive/impl/archive_serializer_map.ipp>
#include <boost/archive/impl/basic_binary_iarchive.ipp>
#include <boost/archive/impl/basic_binary_iprimitive.ipp>

namespace boost::archive {

template class detail::archive_serializer_map<mpingest::wire::BoundedBinaryIArchive>;
template class basic_binary_iprimitive<mpingest::wire::BoundedBinaryIArchive, char, std::char_traits<char>>;
template class basic_binary_iarchive<mpingest::wire::BoundedBinaryIArchive>;
template class binary_iarchive_impl<mpingest::wire::BoundedBinaryIArchive, char, std::char_traits<char>>;

}  // namespace boost::archive
