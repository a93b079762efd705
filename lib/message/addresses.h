#pragma once
// RFC 5322 address lists, parsed exactly as Python's
// email.utils.getaddresses([value]) does (CPython 3.11's email._parseaddr
// AddrlistClass, before the 2024 "strict" mode), so that counts match what
// Python users get on the same header. Quirks are kept on purpose:
//   "a@b@c"  -> one empty address;   "x, , y" -> x, ('', ''), y
//   "Lay, Kenneth <k@x>" -> ('', 'Lay'), ('Kenneth', 'k@x')

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

struct Address {
  std::string name;     // display name, comments appended as Python does
  std::string address;  // addr-spec; empty when the parser found none
};

// Thrown for input Python itself cannot parse (it raises RecursionError on
// groups nested about a thousand deep); the item is then listed as an error.
class AddressListTooDeep : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// All entries of getaddresses([value]), empty ones included.
std::vector<Address> parse_address_list(std::string_view value);

// len([a for n, a in getaddresses([value]) if a]).
std::size_t count_addresses(std::string_view value);

// The fast path of count_addresses (for tests): the number of addresses of a
// value that is nothing but plain addr-specs ("x@y", x and y runs of atext
// and '.') with a comma between any two, and white space; SIZE_MAX for any
// other value, which count_addresses then reads more slowly.
std::size_t count_plain_address_list(std::string_view value);

}  // namespace mpingest
