// The address-list parser alone (a port of Python's email._parseaddr
// AddrlistClass) on arbitrary header values. Asserts: it terminates without
// overflowing the stack (deep groups throw AddressListTooDeep, in both entry
// points alike); count_addresses equals the non-empty entries of
// parse_address_list; every entry consumed input (entries <= bytes), and the
// output stays linear in the input (no quadratic copying of comments).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "message/addresses.h"

using namespace mpingest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  std::vector<Address> list;
  bool too_deep = false;
  try {
    list = parse_address_list(value);
  } catch (const AddressListTooDeep&) {
    too_deep = true;
  }
  std::size_t count = 0;
  try {
    count = count_addresses(value);
    FUZZ_CHECK(!too_deep);
  } catch (const AddressListTooDeep&) {
    FUZZ_CHECK(too_deep);
    return 0;
  }
  std::size_t nonempty = 0, output = 0;
  for (const Address& a : list) {
    nonempty += a.address.empty() ? 0 : 1;
    output += a.name.size() + a.address.size();
  }
  FUZZ_CHECK(count == nonempty);
  FUZZ_CHECK(list.size() <= value.size());
  FUZZ_CHECK(output <= 8 * value.size() + 64);
  return 0;
}
