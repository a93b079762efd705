// count_addresses counts the plain items at the start of an address list
// ("a@b", "Name <a@b>", "\"Last, First\" <a@b>", separated by commas)
// without the parser, and parses only the rest; here it is checked against
// the non-empty entries of parse_address_list, which always runs the parser
// (a port of Python's AddrlistClass, checked against Python elsewhere), on
// fixed cases and random strings over the bytes that matter to either.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

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
      // empty groups
      "undisclosed-recipients:;", "x:;a@b", "x:; a@b", "x:;, a@b", "a@b, x:;", "a@b x:;", ":;", "x: ;",
      "x:\r\n\t;c@d", "\"q, r\":;e@f", "x:;;a@b", "x:;(c)a@b", "x:;y:;a@b", "x:;,,a@b c@d", "x:;a@b c@d",
      "a@b, x:;, c@d e@f", "x:", "x: a@b;", "x:(c);", "x:\";", "a.b:;", "@:;", "N <a@b>, x:;N <c@d>",
  };
  for (const char* value : kFixed) {
    INFO("value: " << value);
    CHECK(count_addresses(value) == parser_count(value));
  }
  std::mt19937_64 rng(99);
  const std::string kAlphabet = std::string("ab.@,  \t\r\n\"<>():;[]\\!~'") + '\v' + '\xa0' + '\x85' + '\0';
  const char* kPieces[] = {"a@b", "a.b@c.d", ", ", ",", " ,", "\r\n\t", ",,", "\"x, y\" <a@b>", "<a@b>", "(c)",
                           "g: a@b;", "a@b@c", "@", "a", "\"", "\\", " ", "Name ", "\"a\r\" ", "\"q\" ", ">", "<",
                           ":", ";", "[", "@a@b>", "a@b>", "x:;", "undisclosed-recipients: ;", ":;", "g:\r\n\t;"};
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

TEST_CASE("count_addresses: every short string around empty groups equals the parser", "[addresses]") {
  // "name:;" counts nothing and needs no comma after it; what may stand
  // around the ':' and the ';', and after them, from all strings of a few
  // bytes that matter, alone, after a group and before one.
  auto parser_count = [](std::string_view value) {
    std::size_t n = 0;
    for (const Address& a : parse_address_list(value)) n += a.address.empty() ? 0 : 1;
    return n;
  };
  const std::string kAlphabet = "a:; ,@\"\n(<";
  std::string s;
  std::vector<std::size_t> digits;
  for (std::size_t size = 0; size <= 5; ++size) {
    digits.assign(size, 0);
    while (true) {
      s.clear();
      for (std::size_t d : digits) s += kAlphabet[d];
      for (const std::string& value : {s, "x:;" + s, s + "x:;", "a@b, " + s + ":;" + s, "g:" + s + ";a@b"}) {
        INFO("value: " << value);
        REQUIRE(count_addresses(value) == parser_count(value));
      }
      std::size_t k = 0;
      while (k < size && ++digits[k] == kAlphabet.size()) digits[k++] = 0;
      if (k == size) break;
    }
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

namespace {

std::size_t parser_count(std::string_view value) {
  std::size_t n = 0;
  for (const Address& a : parse_address_list(value)) n += a.address.empty() ? 0 : 1;
  return n;
}

// Every string of up to `length` bytes over `alphabet`, in order.
template <typename F>
void for_each_string(const std::string& alphabet, std::size_t length, F f) {
  std::string s;
  f(s);
  for (std::size_t size = 1; size <= length; ++size) {
    std::vector<std::size_t> digits(size, 0);
    s.assign(size, alphabet[0]);
    while (true) {
      f(s);
      std::size_t k = 0;
      while (k < size && ++digits[k] == alphabet.size()) digits[k++] = 0;
      if (k == size) break;
      for (std::size_t j = 0; j <= k && j < size; ++j) s[j] = alphabet[digits[j]];
    }
  }
}

// What count_plain_address_list is meant to take, byte by byte: words
// (runs of atext, '.' and '@') that are each "x@y" with one '@', with a
// comma between any two words, and white space; SIZE_MAX for anything else.
std::size_t plain_list_reference(std::string_view value) {
  auto atext = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos);
  };
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t words = 0;
  bool comma_since_word = true;
  for (std::size_t i = 0; i < value.size();) {
    if (value[i] == ',' || space(value[i])) {
      comma_since_word |= value[i++] == ',';
      continue;
    }
    std::size_t end = i;
    while (end < value.size() && (atext(value[end]) || value[end] == '@')) ++end;
    const std::string_view word = value.substr(i, end - i);
    const std::size_t at = word.find('@');
    if (word.empty() || !comma_since_word || at == 0 || at == std::string_view::npos || at + 1 == word.size() ||
        word.find('@', at + 1) != std::string_view::npos)
      return SIZE_MAX;
    ++words;
    comma_since_word = false;
    i = end;
  }
  return words;
}

// count_addresses equals the parser, and its fast path takes what it should.
void check_plain_list(const std::string& value) {
  INFO("value: " << value);
  REQUIRE(count_addresses(value) == parser_count(value));
  REQUIRE(count_plain_address_list(value) == plain_list_reference(value));
}

}  // namespace

TEST_CASE("count_addresses: lists of plain addr-specs, 64 bytes at a time, equal the parser", "[addresses]") {
  // Values of nothing but atext, '.', '@', ',' and white space are counted
  // with bit masks of 64-byte blocks (16-byte chunks, the last one read
  // backwards from the end). Every short string of the bytes that matter,
  // alone and across the 64-byte and 16-byte edges: after white space,
  // after complete addr-specs and inside a long word.
  const std::string fillers[] = {"", std::string(61, ' '), "q@q, q@q.q,r@s,\r\n\tt@u, " + std::string(37, ' '),
                                 std::string(62, 'a'), "q@q, " + std::string(56, 'a'), std::string(13, ' ')};
  for (const std::string& filler : fillers) {
    for_each_string("a.@, \n", 6, [&](const std::string& s) { check_plain_list(filler + s); });
  }
  // Each byte value in each 16-byte chunk of a typical list, and at its edges.
  std::string list;
  for (int k = 0; k < 5; ++k) list += "jeff.dasovich@enron.com, \r\n\t";
  for (int b = 0; b < 256; ++b) {
    for (std::size_t at : {0u, 13u, 15u, 16u, 31u, 47u, 63u, 64u, 65u, 100u, 139u}) {
      std::string value = list.substr(0, 140);
      value[at] = static_cast<char>(b);
      check_plain_list(value);
    }
  }
  // Long random lists: addr-specs, words of any length, '@' anywhere,
  // folding, missing and doubled commas, now and then any other byte.
  std::mt19937_64 rng(7);
  const char* kPieces[] = {"a@b", "jeff.dasovich@enron.com", ", ", ",", " ", "\r\n\t", "\n ", ",,", "@", ".", "a",
                           "a@b@c", "x@", "@y", "..a@b..", "O'Neil@x.com", "{weird}~@y.z"};
  for (int round = 0; round < 30000; ++round) {
    std::string value;
    const bool block_edge = round % 5 == 0;  // cut to end at a block edge
    const std::size_t target = block_edge ? 64 * (1 + rng() % 4) : rng() % 300;
    while (value.size() < target) {
      if (rng() % 8 == 0) {
        value += std::string(rng() % 70 + 1, "abc."[rng() % 4]);
      } else {
        value += kPieces[rng() % (sizeof kPieces / sizeof *kPieces)];
      }
    }
    if (round % 4 == 0 && !value.empty()) value[rng() % value.size()] = static_cast<char>(rng() % 256);
    if (block_edge) value.resize(target);
    check_plain_list(value);
  }
}
