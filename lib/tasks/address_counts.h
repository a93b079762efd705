#pragma once
// Who writes to whom: per-worker counts of senders, recipients and
// sender -> recipient pairs, merged by += like Totals, and the exact top K of
// the merged counts (`--top K`).
//
// Memory: each distinct address is stored once (interned into an arena of
// fixed-size chunks) and gets a small integer id; a pair is two ids packed
// into one 64-bit key, never two strings. Measured (glibc, 100k addresses,
// 1M pairs): about 105 bytes per distinct address plus its length, about 44
// per distinct pair (an std::unordered_map<uint64_t, uint64_t> node, its
// malloc header and its bucket pointer): some 57 MB for that worker.
//
// Wire: serialize() writes one byte string (see to_bytes()): the address
// table once, then counts and pairs as variable-length integers over ids
// (the example above: 9.7 MB, about 7 bytes per pair). The receiver's ids are
// its own; += remaps them by address.

#include <boost/serialization/string.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mpingest {

// Per-worker counts of senders, recipients (To and Cc) and sender->recipient pairs.
class AddressCounts {
 public:
  AddressCounts() = default;
  AddressCounts(const AddressCounts& other);
  AddressCounts(AddressCounts&& other) noexcept { swap(other); }
  AddressCounts& operator=(AddressCounts other) noexcept {
    swap(other);
    return *this;
  }
  void swap(AddressCounts& other) noexcept;

  // Counts one message. `from` is the From header's addresses (usually one),
  // `recipients` the To and Cc addresses. Addresses are normalised: surrounding
  // ASCII whitespace (" \t\n\r\f\v") trimmed, ASCII A-Z lower-cased, other bytes
  // kept as they are; empty ones ignored. Each distinct (normalised) address
  // counts once per message: a message with several From addresses counts each
  // as a sender, a recipient listed twice (or in both To and Cc) counts once.
  // Pairs are (each distinct from) x (each distinct recipient), each counted
  // once per message; a message without From or without recipients has no pairs.
  // On bad_alloc the message may be partly counted.
  void add_message(const std::vector<std::string_view>& from, const std::vector<std::string_view>& recipients);

  // Merge; commutative and associative in content (ids are internal and may
  // differ, nothing observable depends on them). `a += a` doubles a.
  AddressCounts& operator+=(const AddressCounts& other);

  // Nothing counted: no address was ever seen.
  bool empty() const { return entries_.empty(); }
  std::size_t distinct_addresses() const { return entries_.size(); }
  std::size_t distinct_pairs() const { return pairs_.size(); }

  // Lookups; the argument is normalised as add_message does. 0 if never seen.
  std::uint64_t sent(std::string_view address) const;
  std::uint64_t received(std::string_view address) const;
  std::uint64_t pair(std::string_view from, std::string_view to) const;

  // Same counts for the same addresses and pairs (whatever the internal ids).
  bool operator==(const AddressCounts& other) const;
  bool operator!=(const AddressCounts& other) const { return !(*this == other); }

  // The compact encoding sent on the wire, all integers as LEB128 varints:
  //   n, then n times (length, bytes) of the addresses in id order,
  //   then n times (sent, received), then p, then p times (from id, to id, count).
  std::string to_bytes() const;
  // Inverse of to_bytes(). Throws std::invalid_argument on malformed input
  // (truncation, trailing bytes, ids out of range, empty or duplicate
  // addresses, zero counts) without trusting any length it reads.
  static AddressCounts from_bytes(std::string_view bytes);

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    std::string bytes;
    if (Archive::is_saving::value) bytes = to_bytes();
    ar & bytes;
    if (Archive::is_loading::value) *this = from_bytes(bytes);
  }

  // Read access for ranking. Ids are 0 .. distinct_addresses()-1.
  struct Entry {
    std::string_view address;  // points into the arena
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
  };
  const std::vector<Entry>& entries() const { return entries_; }
  // Key of the pair (from id, to id) in pairs().
  static std::uint64_t pair_key(std::uint32_t from, std::uint32_t to) {
    return (std::uint64_t{from} << 32) | to;
  }
  static std::uint32_t pair_from(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32); }
  static std::uint32_t pair_to(std::uint64_t key) { return static_cast<std::uint32_t>(key); }

  struct PairHash {
    std::size_t operator()(std::uint64_t key) const noexcept {  // splitmix64's finaliser
      key ^= key >> 30;
      key *= 0xbf58476d1ce4e5b9ull;
      key ^= key >> 27;
      key *= 0x94d049bb133111ebull;
      key ^= key >> 31;
      return static_cast<std::size_t>(key);
    }
  };
  using PairMap = std::unordered_map<std::uint64_t, std::uint64_t, PairHash>;
  const PairMap& pairs() const { return pairs_; }

 private:
  // Id of `address` (already normalised, non-empty), adding it if new.
  std::uint32_t intern(std::string_view address);
  // Id of `address`, or npos if unknown.
  std::uint32_t find(std::string_view address) const;
  static constexpr std::uint32_t npos = 0xffffffffu;
  // Copies `s` into the arena; the view stays valid for the object's life (and across moves).
  std::string_view store(std::string_view s);

  std::vector<Entry> entries_;  // by id
  std::unordered_map<std::string_view, std::uint32_t> ids_;  // keys point into the arena
  PairMap pairs_;
  std::vector<std::unique_ptr<char[]>> chunks_;  // the arena; chunks never move
  char* chunk_next_ = nullptr;  // free space in the current shared chunk
  std::size_t chunk_left_ = 0;
  // Scratch for add_message, kept to avoid allocating per message.
  std::string scratch_;
  std::vector<std::uint32_t> from_ids_, to_ids_;
};

struct RankedAddress {
  std::string address;
  std::uint64_t count = 0;
  bool operator==(const RankedAddress& o) const { return address == o.address && count == o.count; }
};
struct RankedPair {
  std::string from;
  std::string to;
  std::uint64_t count = 0;
  bool operator==(const RankedPair& o) const { return from == o.from && to == o.to && count == o.count; }
};
struct TopAddresses {
  std::vector<RankedAddress> senders, recipients;
  std::vector<RankedPair> pairs;
  bool operator==(const TopAddresses& o) const {
    return senders == o.senders && recipients == o.recipients && pairs == o.pairs;
  }
  bool operator!=(const TopAddresses& o) const { return !(*this == o); }
};

// The k largest of each, by count descending, ties broken by address
// ascending (byte-wise, as unsigned bytes), pairs by (from, to) ascending.
// Exact: computed from the full merged counts, never from per-worker top
// lists. Addresses with a zero count (e.g. never a sender) are not listed, so
// a list is shorter than k when fewer have a non-zero count; k = 0 gives empty
// lists. O(n log k) time and O(k) extra memory per list (a bounded heap, as
// std::partial_sort does), or a plain sort when k >= n.
TopAddresses top_addresses(const AddressCounts& counts, std::size_t k);

}  // namespace mpingest
