// count_addresses counts the plain items at the start of an address list
// ("a@b", "Name <a@b>", "\"Last, First\" <a@b>", separated by commas)
// without the parser, and parses only the rest; here it is checked against
// the non-empty entries of parse_address_list, which always runs the parser
// (a port of Python's AddrlistClass, checked against Python elsewhere), on
// fixed cases and random strings over the bytes that matter to either.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "message/addresses.h"

using namespace mpingest;

TEST_CASE("count_addresses: the plain-prefix shortcut equals the parser", "[addresses]") {
  auto parser_count = [](std::string_view value) {
    std::size_t n = 0;
    for (const Address& a : parse_address_list(value)) n += a.address.empty() ? 0 : 1;
    return n;
  };
  // Plain lists, and everything that must make the shortcut give up.
  const char* kFixed[] = {
      "",  "a@b", "a@b,c@d", "a@b, c@d", " a@b ,\r\n\tc@d ,", "a@b,,c@d", ",a@b", "a@b, , ,", "a@b c@d",
      "a@b@c", "@b", "a@", "a@, c@d", ".@.", "m..haedicke@enron.com", "jeff.dasovich@enron.com,\r\n\trichard@x.org",
      "a@b\r\nc@d", "a@b;c@d", "a@b\vc@d", "a\xa0@b", "<a@b>", "\"a\"@b", "a@[1.2.3.4]", "a@b (c)", "x: a@b;",
      "O'Neil@x.com, {weird}~@y.z", "a@b.", "a.@b", "..a@b..",
      "a@b, c@d, \"Lay, K\" <k@x>, e@f", "a@b, corp <.carter@enron.com>, c@d", "a@b, c@d e@f, g@h",
      "a@b,, (x) c@d", "a@b, c@d,\r\n\t\"q\"", "a@b,\r\n\tc@d\r\n\t<e@f>",
      // display names
      "Name <a@b>", "\"Last, First\" <a@b>", "Ann Lee <a@b>, Bo <c@d>", "\"a\\\"b\" <a@b>", "\"a\r\nb\" <c@d>",
      "\"a\n\tb\" <c@d>", "N <a@b> x", "N <a@b>,", "N < a@b>", "N <a@b >", "N <@r:a@b>", "N <>", "\xe9 <a@b>",
      "\"\" <a@b>", "<a@b><c@d>", "N <a@b>, \"Crandell, Tom\" \r\n\t<tom@enron.com>", "N.x <a@b>", "\"x\".y <a@b>",
      "Lay, Kenneth <k@x>", "a b@c <d@e>", "\"unterminated <a@b>", "N <a@b",
      "\"a\r\" <c@d>, e@f", "\"a\\\" <c@d>, e@f\"", "N:a@b>", "N@a@b>", "N>a@b>", "N;a@b>", "N[a@b>", "N)a@b>",
      "N,a@b>", "N(a@b>", "\"q\"@a@b>",
  };
  for (const char* value : kFixed) {
    INFO("value: " << value);
    CHECK(count_addresses(value) == parser_count(value));
  }
  std::mt19937_64 rng(99);
  const std::string kAlphabet = std::string("ab.@,  \t\r\n\"<>():;[]\\!~'") + '\v' + '\xa0' + '\x85' + '\0';
  const char* kPieces[] = {"a@b", "a.b@c.d", ", ", ",", " ,", "\r\n\t", ",,", "\"x, y\" <a@b>", "<a@b>", "(c)",
                           "g: a@b;", "a@b@c", "@", "a", "\"", "\\", " ", "Name ", "\"a\r\" ", "\"q\" ", ">", "<",
                           ":", ";", "[", "@a@b>", "a@b>"};
  for (int round = 0; round < 60000; ++round) {
    std::string value;
    switch (round % 3) {
      case 0:  // the bytes of plain lists only
        value.resize(rng() % 40);
        for (char& c : value) c = "ab.@,  \t\r\n"[rng() % 10];
        break;
      case 1:  // anything
        value.resize(rng() % 40);
        for (char& c : value) c = kAlphabet[rng() % kAlphabet.size()];
        break;
      default:  // plain items, then something else, then more
        for (int k = rng() % 12; k > 0; --k) value += kPieces[rng() % (sizeof kPieces / sizeof *kPieces)];
        break;
    }
    INFO("value: " << value);
    REQUIRE(count_addresses(value) == parser_count(value));
  }
}

TEST_CASE("count_addresses: every byte value inside a long local part or domain", "[addresses]") {
  // The shortcut scans addr-specs 16 bytes at a time: each of the 256 byte
  // values, at several places of runs longer than 16, must end the run
  // exactly where the parser says (or not at all, for atext and '.').
  auto parser_count = [](std::string_view value) {
    std::size_t n = 0;
    for (const Address& a : parse_address_list(value)) n += a.address.empty() ? 0 : 1;
    return n;
  };
  for (int b = 0; b < 256; ++b) {
    for (std::size_t at : {0u, 5u, 15u, 16u, 17u, 31u, 33u}) {
      for (bool in_domain : {false, true}) {
        std::string local(40, 'l'), domain(40, 'd');
        std::string& part = in_domain ? domain : local;
        part[at] = static_cast<char>(b);
        for (const std::string& value : {local + "@" + domain, "Name <" + local + "@" + domain + ">, x@y.z",
                                         local + "@" + domain + ", " + local + "@" + domain}) {
          INFO("byte " << b << " at " << at << (in_domain ? " of the domain" : " of the local part"));
          CHECK(count_addresses(value) == parser_count(value));
        }
      }
    }
  }
}
