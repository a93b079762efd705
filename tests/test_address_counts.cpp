// AddressCounts and top_addresses: counting, normalisation, deterministic
// ties, merges in any order and grouping, and the wire encoding.
#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tasks/address_counts.h"

using namespace mpingest;

namespace {

using Views = std::vector<std::string_view>;

struct Message {
  std::vector<std::string> from, recipients;
};

void add(AddressCounts& counts, const Message& m) {
  Views from(m.from.begin(), m.from.end());
  Views recipients(m.recipients.begin(), m.recipients.end());
  counts.add_message(from, recipients);
}

// Raw spellings of a pool of addresses: case and whitespace variants, blanks,
// and bytes above 0x7f (which must not be lower-cased and sort after ASCII).
std::string spelling(std::mt19937_64& rng, int who) {
  static const char* domains[] = {"enron.com", "Enron.COM", "example.org", "\xc9t\xe9.fr"};
  std::string local = (who % 5 == 0 ? "\xc9mile." : who % 3 == 0 ? "Jeff." : "kay.") + std::to_string(who);
  std::string a = local + "@" + domains[who % 4 == 3 ? 3 : (who % 4 == 1 ? rng() % 2 : 2 * (who % 2))];
  switch (rng() % 6) {
    case 0: std::transform(a.begin(), a.end(), a.begin(), [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }); break;
    case 1: a = " \t" + a + "\r\n"; break;
    default: break;
  }
  return a;
}

// A skewed choice among `pool` addresses, so that counts tie often and differ often.
int pick(std::mt19937_64& rng, int pool) {
  std::uint64_t r = rng() % (std::uint64_t(pool) * pool);
  return pool - 1 - static_cast<int>(std::sqrt(static_cast<double>(r)));
}

std::vector<Message> random_messages(std::size_t n, int pool, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Message> messages(n);
  for (Message& m : messages) {
    std::size_t froms = rng() % 10 == 0 ? rng() % 3 : 1;  // mostly one sender, sometimes none or two
    for (std::size_t i = 0; i < froms; ++i) m.from.push_back(spelling(rng, pick(rng, pool)));
    std::size_t tos = rng() % 7;
    for (std::size_t i = 0; i < tos; ++i) m.recipients.push_back(spelling(rng, pick(rng, pool)));
    if (rng() % 8 == 0 && !m.recipients.empty()) m.recipients.push_back(m.recipients.front());  // listed twice
    if (rng() % 20 == 0) m.recipients.push_back("  ");                                           // blank
  }
  return messages;
}

AddressCounts count_all(const std::vector<Message>& messages) {
  AddressCounts counts;
  for (const Message& m : messages) add(counts, m);
  return counts;
}

// An independent oracle: ordered maps of normalised strings and a full sort.
std::string oracle_normalise(std::string s) {
  const std::string space = " \t\n\r\f\v";
  s.erase(0, std::min(s.size(), s.find_first_not_of(space)));
  s.erase(s.find_last_not_of(space) + 1);
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return s;
}

TopAddresses oracle_top(const std::vector<Message>& messages, std::size_t k) {
  std::map<std::string, std::uint64_t> sent, received;
  std::map<std::pair<std::string, std::string>, std::uint64_t> pairs;
  for (const Message& m : messages) {
    std::set<std::string> from, to;
    for (const auto& a : m.from)
      if (auto n = oracle_normalise(a); !n.empty()) from.insert(n);
    for (const auto& a : m.recipients)
      if (auto n = oracle_normalise(a); !n.empty()) to.insert(n);
    for (const auto& f : from) ++sent[f];
    for (const auto& t : to) ++received[t];
    for (const auto& f : from)
      for (const auto& t : to) ++pairs[{f, t}];
  }
  auto bytes_less = [](const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
      return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
    });
  };
  auto ranked = [&](const std::map<std::string, std::uint64_t>& m) {
    std::vector<RankedAddress> v;
    for (const auto& [a, c] : m) v.push_back({a, c});
    std::sort(v.begin(), v.end(), [&](const RankedAddress& x, const RankedAddress& y) {
      return x.count != y.count ? x.count > y.count : bytes_less(x.address, y.address);
    });
    if (v.size() > k) v.resize(k);
    return v;
  };
  TopAddresses top;
  top.senders = ranked(sent);
  top.recipients = ranked(received);
  for (const auto& [p, c] : pairs) top.pairs.push_back({p.first, p.second, c});
  std::sort(top.pairs.begin(), top.pairs.end(), [&](const RankedPair& x, const RankedPair& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.from != y.from) return bytes_less(x.from, y.from);
    return bytes_less(x.to, y.to);
  });
  if (top.pairs.size() > k) top.pairs.resize(k);
  return top;
}

std::string to_archive(const AddressCounts& counts) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out);
    archive << counts;
  }
  return out.str();
}

AddressCounts from_archive(const std::string& bytes) {
  std::istringstream in(bytes, std::ios::binary);
  boost::archive::binary_iarchive archive(in);
  AddressCounts counts;
  archive >> counts;
  return counts;
}

// Splits messages among `parts` partial counts: "block" (contiguous), "rr"
// (round robin) or "random".
std::vector<AddressCounts> split(const std::vector<Message>& messages, std::size_t parts, const std::string& how,
                                 std::uint64_t seed = 7) {
  std::vector<AddressCounts> out(parts);
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::size_t p = how == "block" ? i * parts / messages.size() : how == "rr" ? i % parts : rng() % parts;
    add(out[p], messages[i]);
  }
  return out;
}

// Merges parts[order[lo..hi)] with a random bracketing.
AddressCounts merge_tree(const std::vector<AddressCounts>& parts, const std::vector<std::size_t>& order,
                         std::size_t lo, std::size_t hi, std::mt19937_64& rng) {
  if (hi - lo == 1) return parts[order[lo]];
  std::size_t mid = lo + 1 + rng() % (hi - lo - 1);
  AddressCounts left = merge_tree(parts, order, lo, mid, rng);
  left += merge_tree(parts, order, mid, hi, rng);
  return left;
}

}  // namespace

TEST_CASE("one message: senders, recipients and pairs, normalised", "[aggregate]") {
  AddressCounts c;
  CHECK(c.empty());
  c.add_message({"  Kenneth.Lay@ENRON.com\t"}, {"jeff.skilling@enron.com", "\r\nSally.Beck@Enron.com "});
  CHECK_FALSE(c.empty());
  CHECK(c.distinct_addresses() == 3);
  CHECK(c.distinct_pairs() == 2);
  CHECK(c.sent("kenneth.lay@enron.com") == 1);
  CHECK(c.sent("KENNETH.LAY@enron.com") == 1);  // lookups normalise too
  CHECK(c.received("kenneth.lay@enron.com") == 0);
  CHECK(c.received("jeff.skilling@enron.com") == 1);
  CHECK(c.received("sally.beck@enron.com") == 1);
  CHECK(c.pair("kenneth.lay@enron.com", "sally.beck@enron.com") == 1);
  CHECK(c.pair("sally.beck@enron.com", "kenneth.lay@enron.com") == 0);

  TopAddresses top = top_addresses(c, 10);
  REQUIRE(top.senders.size() == 1);
  CHECK(top.senders[0] == RankedAddress{"kenneth.lay@enron.com", 1});
  REQUIRE(top.recipients.size() == 2);
  CHECK(top.recipients[0].address == "jeff.skilling@enron.com");
  CHECK(top.recipients[1].address == "sally.beck@enron.com");
  REQUIRE(top.pairs.size() == 2);
  CHECK(top.pairs[0] == RankedPair{"kenneth.lay@enron.com", "jeff.skilling@enron.com", 1});
}

TEST_CASE("only ASCII is lower-cased and only ASCII whitespace trimmed", "[aggregate]") {
  AddressCounts c;
  // Latin-1 \xc9 (E acute) stays; \xa0 (no-break space) is not whitespace here.
  c.add_message({"\xc9MILE@X.FR"}, {"\xa0" "a@b.c", "a@b.c"});
  CHECK(c.sent("\xc9mile@x.fr") == 1);
  CHECK(c.sent("\xe9mile@x.fr") == 0);
  CHECK(c.received("\xa0" "a@b.c") == 1);
  CHECK(c.received("a@b.c") == 1);
  CHECK(c.distinct_addresses() == 3);
}

TEST_CASE("duplicates within a message count once, and several senders count each", "[aggregate]") {
  AddressCounts c;
  // To: a, b   Cc: A, b  (a recipient in To and Cc, and twice in Cc)
  c.add_message({"x@y.z", "w@y.z", "X@Y.Z"}, {"a@b.c", "b@b.c", "A@B.C", "b@b.c"});
  CHECK(c.sent("x@y.z") == 1);
  CHECK(c.sent("w@y.z") == 1);
  CHECK(c.received("a@b.c") == 1);
  CHECK(c.received("b@b.c") == 1);
  CHECK(c.distinct_pairs() == 4);
  CHECK(c.pair("x@y.z", "a@b.c") == 1);
  CHECK(c.pair("w@y.z", "b@b.c") == 1);

  c.add_message({"x@y.z"}, {"a@b.c"});
  CHECK(c.sent("x@y.z") == 2);
  CHECK(c.received("a@b.c") == 2);
  CHECK(c.pair("x@y.z", "a@b.c") == 2);
  CHECK(c.pair("w@y.z", "a@b.c") == 1);

  SECTION("sending to oneself is a pair like any other") {
    c.add_message({"x@y.z"}, {"X@y.z"});
    CHECK(c.sent("x@y.z") == 3);
    CHECK(c.received("x@y.z") == 1);
    CHECK(c.pair("x@y.z", "x@y.z") == 1);
  }
}

TEST_CASE("empty addresses are ignored, and messages without sender or recipients have no pairs", "[aggregate]") {
  AddressCounts c;
  c.add_message({}, {});
  c.add_message({"", " \t "}, {"\r\n"});
  CHECK(c.empty());
  CHECK(top_addresses(c, 5) == TopAddresses{});

  c.add_message({}, {"a@b.c"});
  c.add_message({"x@y.z"}, {" "});
  CHECK(c.received("a@b.c") == 1);
  CHECK(c.sent("x@y.z") == 1);
  CHECK(c.distinct_pairs() == 0);
  TopAddresses top = top_addresses(c, 5);
  // An address with a zero count is not listed: a@b.c never sent, x@y.z never received.
  CHECK(top.senders == std::vector<RankedAddress>{{"x@y.z", 1}});
  CHECK(top.recipients == std::vector<RankedAddress>{{"a@b.c", 1}});
  CHECK(top.pairs.empty());
}

TEST_CASE("ties are broken by address, byte-wise, and pairs by (from, to)", "[aggregate]") {
  AddressCounts c;
  // Inserted in an order unlike the expected one.
  for (const char* from : {"\xc9mile@x", "zed@x", "bob@x", "Bob@x.org", "al@x", "zed@x"})
    c.add_message({from}, {"r2@x", "r1@x", "R10@x"});
  TopAddresses top = top_addresses(c, 3);
  // zed@x sent 2; the rest 1 each, ordered by bytes ("\xc9" > "z").
  CHECK(top.senders == std::vector<RankedAddress>{{"zed@x", 2}, {"al@x", 1}, {"bob@x", 1}});
  CHECK(top.recipients == std::vector<RankedAddress>{{"r10@x", 6}, {"r1@x", 6}, {"r2@x", 6}});
  CHECK(top.pairs == std::vector<RankedPair>{{"zed@x", "r10@x", 2}, {"zed@x", "r1@x", 2}, {"zed@x", "r2@x", 2}});

  TopAddresses all = top_addresses(c, 100);
  std::vector<std::string> senders;
  for (const auto& s : all.senders) senders.push_back(s.address);
  CHECK(senders == std::vector<std::string>{"zed@x", "al@x", "bob@x", "bob@x.org", "\xc9mile@x"});
  REQUIRE(all.pairs.size() == 15);
  CHECK(all.pairs[3] == RankedPair{"al@x", "r10@x", 1});
  CHECK(all.pairs[4] == RankedPair{"al@x", "r1@x", 1});
  CHECK(all.pairs[14] == RankedPair{"\xc9mile@x", "r2@x", 1});
}

TEST_CASE("k = 0 and k larger than the number of distinct addresses", "[aggregate]") {
  auto messages = random_messages(300, 20, 11);
  AddressCounts c = count_all(messages);
  CHECK(top_addresses(c, 0) == TopAddresses{});
  TopAddresses huge = top_addresses(c, std::size_t(-1));
  CHECK(huge == oracle_top(messages, std::size_t(-1)));
  CHECK(huge == top_addresses(c, c.distinct_pairs() + 1));
  CHECK(huge.senders.size() <= c.distinct_addresses());
  CHECK(huge.pairs.size() == c.distinct_pairs());
  // Every prefix of the full ranking is the top k.
  for (std::size_t k : {1, 2, 5, 19, 20, 21, 100}) {
    TopAddresses top = top_addresses(c, k);
    CHECK(top.senders.size() == std::min(k, huge.senders.size()));
    CHECK(std::equal(top.senders.begin(), top.senders.end(), huge.senders.begin()));
    CHECK(std::equal(top.recipients.begin(), top.recipients.end(), huge.recipients.begin()));
    CHECK(std::equal(top.pairs.begin(), top.pairs.end(), huge.pairs.begin()));
  }
}

TEST_CASE("top_addresses agrees with a plain full sort of the counts", "[aggregate]") {
  auto messages = random_messages(3000, 150, 2024);
  AddressCounts c = count_all(messages);
  for (std::size_t k : {1, 3, 10, 50, 149, 150, 151, 1000, 100000}) {
    INFO("k = " << k);
    CHECK(top_addresses(c, k) == oracle_top(messages, k));
  }
}

TEST_CASE("merging 2, 3 or 7 partial counts in any order and grouping equals counting at once", "[aggregate]") {
  auto messages = random_messages(3000, 50, 42);
  const AddressCounts whole = count_all(messages);
  const TopAddresses expected = top_addresses(whole, 10);
  REQUIRE(expected == oracle_top(messages, 10));
  REQUIRE(expected.senders.size() == 10);
  REQUIRE(expected.pairs.size() == 10);

  std::mt19937_64 rng(99);
  for (std::size_t parts : {2, 3, 7}) {
    for (std::string how : {"block", "rr", "random"}) {
      INFO(parts << " parts, split " << how);
      std::vector<AddressCounts> shards = split(messages, parts, how);
      std::vector<std::size_t> order(parts);
      std::iota(order.begin(), order.end(), 0);
      auto check = [&](std::size_t n) {
        AddressCounts merged;  // folded left in this order
        for (std::size_t i : order) merged += shards[i];
        REQUIRE(merged == whole);
        REQUIRE(top_addresses(merged, 10) == expected);
        if (n % 97 == 0) {  // and, sometimes, with a random bracketing
          AddressCounts tree = merge_tree(shards, order, 0, parts, rng);
          REQUIRE(tree == whole);
          REQUIRE(top_addresses(tree, 10) == expected);
        }
      };
      // Every order, except that for 7 parts (5040 orders) only the random split
      // gets all of them and the others 100 random ones, to keep the test fast.
      std::size_t orders = 0;
      if (parts < 7 || how == "random") {
        do check(orders++);
        while (std::next_permutation(order.begin(), order.end()));
        CHECK(orders == (parts == 2 ? 2u : parts == 3 ? 6u : 5040u));
      } else {
        for (; orders < 100; ++orders) {
          std::shuffle(order.begin(), order.end(), rng);
          check(orders);
        }
      }
    }
  }
}

TEST_CASE("copies, moves, swaps and self-merge", "[aggregate]") {
  auto messages = random_messages(500, 40, 5);
  AddressCounts a = count_all(messages);
  AddressCounts copy = a;
  CHECK(copy == a);
  AddressCounts moved = std::move(copy);
  CHECK(moved == a);
  moved.add_message({"new@sender"}, {"new@recipient"});  // interning still works after a move
  CHECK(moved != a);
  CHECK(moved.sent("new@sender") == 1);
  copy = moved;  // a moved-from object can be assigned to
  CHECK(copy == moved);

  AddressCounts twice = a;
  twice += a;
  AddressCounts self = a;
  self += self;
  CHECK(self == twice);
  CHECK(self.sent(top_addresses(a, 1).senders[0].address) == 2 * top_addresses(a, 1).senders[0].count);

  AddressCounts e;
  e += AddressCounts{};
  CHECK(e.empty());
  e += a;
  CHECK(e == a);
}

TEST_CASE("address counts survive a Boost binary archive round trip", "[aggregate]") {
  SECTION("empty") {
    AddressCounts back = from_archive(to_archive(AddressCounts{}));
    CHECK(back.empty());
    CHECK(back == AddressCounts{});
  }
  SECTION("random, and merged after decoding") {
    auto messages = random_messages(4000, 300, 314);
    AddressCounts whole = count_all(messages);
    AddressCounts back = from_archive(to_archive(whole));
    CHECK(back == whole);
    CHECK(top_addresses(back, 25) == top_addresses(whole, 25));

    // As the parent does: decode each worker's counts (own ids) and merge.
    std::vector<AddressCounts> shards = split(messages, 5, "random", 3);
    AddressCounts merged;
    for (auto it = shards.rbegin(); it != shards.rend(); ++it) merged += from_archive(to_archive(*it));
    CHECK(merged == whole);
    CHECK(top_addresses(merged, 25) == top_addresses(whole, 25));
  }
  SECTION("long addresses and large counts") {
    AddressCounts c;
    std::string longest(100000, 'q');
    c.add_message({longest}, {"a@b"});
    AddressCounts big;
    big.add_message({"x@y"}, {"a@b"});
    for (int i = 0; i < 40; ++i) big += big;  // counts 2^40
    c += big;
    AddressCounts back = from_archive(to_archive(c));
    CHECK(back == c);
    CHECK(back.sent(longest) == 1);
    CHECK(back.pair("x@y", "a@b") == (std::uint64_t{1} << 40));
  }
  SECTION("the encoding is compact") {
    AddressCounts c;
    for (int i = 0; i < 1000; ++i) c.add_message({"s" + std::to_string(i % 10) + "@x.com"}, {"r" + std::to_string(i) + "@x.com"});
    // 1010 addresses of ~9 bytes, 1000 pairs with small ids and counts.
    std::string bytes = c.to_bytes();
    CHECK(bytes.size() < 1010 * (1 + 9 + 2) + 1000 * 5 + 10);
    CHECK(to_archive(c).size() < bytes.size() + 100);
  }
}

TEST_CASE("malformed address counts are rejected, never trusted", "[aggregate]") {
  AddressCounts c = count_all(random_messages(200, 30, 8));
  std::string good = c.to_bytes();
  CHECK(AddressCounts::from_bytes(good) == c);
  CHECK(AddressCounts::from_bytes(AddressCounts{}.to_bytes()).empty());

  for (std::size_t n = 0; n < good.size(); ++n)  // every truncation
    CHECK_THROWS_AS(AddressCounts::from_bytes(std::string_view(good).substr(0, n)), std::invalid_argument);
  CHECK_THROWS_AS(AddressCounts::from_bytes(good + '\0'), std::invalid_argument);

  using namespace std::string_literals;
  // n = 2^62 addresses: refused before anything is allocated.
  CHECK_THROWS_AS(AddressCounts::from_bytes("\x80\x80\x80\x80\x80\x80\x80\x80\x40"s), std::invalid_argument);
  // An 11-byte varint.
  CHECK_THROWS_AS(AddressCounts::from_bytes("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x00"s), std::invalid_argument);
  // One address "a" sent 1, then one pair (0 -> 1) whose id is out of range.
  CHECK_THROWS_AS(AddressCounts::from_bytes("\x01\x01" "a" "\x01\x00" "\x01" "\x00\x01\x01"s), std::invalid_argument);
  CHECK_NOTHROW(AddressCounts::from_bytes("\x01\x01" "a" "\x01\x01" "\x01" "\x00\x00\x01"s));
  // Duplicate address, empty address, zero counts, zero pair count, duplicate pair.
  CHECK_THROWS_AS(AddressCounts::from_bytes("\x02\x01" "a" "\x01" "a" "\x01\x00\x01\x00\x00"s), std::invalid_argument);
  CHECK_THROWS_AS(AddressCounts::from_bytes("\x01\x00" "\x01\x00\x00"s), std::invalid_argument);
  CHECK_THROWS_AS(AddressCounts::from_bytes("\x01\x01" "a" "\x00\x00" "\x00"s), std::invalid_argument);
  CHECK_THROWS_AS(AddressCounts::from_bytes("\x01\x01" "a" "\x01\x01" "\x01" "\x00\x00\x00"s), std::invalid_argument);
  CHECK_THROWS_AS(AddressCounts::from_bytes("\x01\x01" "a" "\x01\x01" "\x02" "\x00\x00\x01\x00\x00\x01"s),
                  std::invalid_argument);

  // Random corruption: rejected or decoded, never a crash (run under the sanitizers to mean more).
  std::mt19937_64 rng(1);
  for (int i = 0; i < 2000; ++i) {
    std::string bad = good;
    bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    try {
      AddressCounts decoded = AddressCounts::from_bytes(bad);
      (void)top_addresses(decoded, 5);
    } catch (const std::invalid_argument&) {
    }
  }
}
