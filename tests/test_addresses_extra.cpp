// Address-list behaviour beyond the Python vector tables: robustness on
// hostile input, and the parsed names and addresses themselves.
#include <catch2/catch.hpp>

#include "message/addresses.h"

using namespace mpingest;

TEST_CASE("quoted display names with commas stay one address", "[addresses]") {
  auto list = parse_address_list("\"Lay, Kenneth\" <kenneth.lay@enron.com>, jeff@enron.com");
  REQUIRE(list.size() == 2);
  CHECK(list[0].name == "Lay, Kenneth");
  CHECK(list[0].address == "kenneth.lay@enron.com");
  CHECK(list[1].address == "jeff@enron.com");
}

TEST_CASE("a group yields its members", "[addresses]") {
  auto list = parse_address_list("team: a@x.com, b@y.com;, c@z.com");
  REQUIRE(list.size() == 3);
  CHECK(list[2].address == "c@z.com");
}

TEST_CASE("a megabyte of nested comments does not overflow the stack", "[addresses]") {
  std::string hostile(1 << 20, '(');
  CHECK(count_addresses(hostile) == 0);
}

TEST_CASE("groups nested beyond what Python can parse are reported, not a crash", "[addresses]") {
  std::string hostile(100000, ':');
  CHECK_THROWS_AS(count_addresses("a" + hostile), AddressListTooDeep);
}
