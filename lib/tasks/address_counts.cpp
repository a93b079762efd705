#include "tasks/address_counts.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace mpingest {

namespace {

// Arena chunks hold many short addresses; a long one gets a chunk of its own.
constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kOwnChunkAbove = kChunkBytes / 8;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Trimmed, ASCII-lower-cased `in`; a view of `in` itself when nothing needs
// lowering, else of `scratch`.
std::string_view normalise(std::string_view in, std::string& scratch) {
  while (!in.empty() && is_space(in.front())) in.remove_prefix(1);
  while (!in.empty() && is_space(in.back())) in.remove_suffix(1);
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (std::none_of(in.begin(), in.end(), upper)) return in;
  scratch.assign(in.data(), in.size());
  for (char& c : scratch)
    if (upper(c)) c = static_cast<char>(c - 'A' + 'a');
  return scratch;
}

void sort_unique(std::vector<std::uint32_t>& ids) {
  if (ids.size() < 2) return;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads from_bytes() input; every read is checked against the end.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      if (p_ == end_) fail("truncated");
      auto byte = static_cast<unsigned char>(*p_++);
      if (shift == 63 && byte > 1) fail("integer too large");
      v |= std::uint64_t{byte & 0x7fu} << shift;
      if (!(byte & 0x80)) return v;
    }
  }
  std::string_view bytes(std::uint64_t n) {
    if (n > remaining()) fail("truncated");
    std::string_view s(p_, static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  [[noreturn]] static void fail(const char* why) {
    throw std::invalid_argument(std::string("malformed address counts: ") + why);
  }

 private:
  const char* p_;
  const char* end_;
};

}  // namespace

AddressCounts::AddressCounts(const AddressCounts& other) {
  // Interning other's addresses in id order into an empty object gives them the same ids.
  entries_.reserve(other.entries_.size());
  ids_.reserve(other.ids_.size());
  pairs_.reserve(other.pairs_.size());
  *this += other;
}

void AddressCounts::swap(AddressCounts& other) noexcept {
  using std::swap;
  swap(entries_, other.entries_);
  swap(ids_, other.ids_);
  swap(pairs_, other.pairs_);
  swap(chunks_, other.chunks_);
  swap(chunk_next_, other.chunk_next_);
  swap(chunk_left_, other.chunk_left_);
  swap(scratch_, other.scratch_);
  swap(from_ids_, other.from_ids_);
  swap(to_ids_, other.to_ids_);
}

std::string_view AddressCounts::store(std::string_view s) {
  if (s.size() > kOwnChunkAbove) {
    chunks_.push_back(std::make_unique<char[]>(s.size()));
    std::copy_n(s.data(), s.size(), chunks_.back().get());
    return {chunks_.back().get(), s.size()};
  }
  if (s.size() > chunk_left_) {
    chunks_.push_back(std::make_unique<char[]>(kChunkBytes));
    chunk_next_ = chunks_.back().get();
    chunk_left_ = kChunkBytes;
  }
  std::copy_n(s.data(), s.size(), chunk_next_);  // not memcpy: both may be null when s is empty
  std::string_view stored(chunk_next_, s.size());
  chunk_next_ += s.size();
  chunk_left_ -= s.size();
  return stored;
}

std::uint32_t AddressCounts::find(std::string_view address) const {
  auto it = ids_.find(address);
  return it == ids_.end() ? npos : it->second;
}

std::uint32_t AddressCounts::intern(std::string_view address) {
  if (auto it = ids_.find(address); it != ids_.end()) return it->second;
  if (entries_.size() >= npos) throw std::length_error("AddressCounts: too many distinct addresses");
  auto id = static_cast<std::uint32_t>(entries_.size());
  std::string_view stored = store(address);
  entries_.push_back(Entry{stored, 0, 0});
  try {
    ids_.emplace(stored, id);
  } catch (...) {
    entries_.pop_back();
    throw;
  }
  return id;
}

void AddressCounts::add_message(const std::vector<std::string_view>& from,
                                const std::vector<std::string_view>& recipients) {
  from_ids_.clear();
  to_ids_.clear();
  for (std::string_view a : from) {
    std::string_view n = normalise(a, scratch_);
    if (!n.empty()) from_ids_.push_back(intern(n));
  }
  for (std::string_view a : recipients) {
    std::string_view n = normalise(a, scratch_);
    if (!n.empty()) to_ids_.push_back(intern(n));
  }
  sort_unique(from_ids_);
  sort_unique(to_ids_);
  for (std::uint32_t f : from_ids_) ++entries_[f].sent;
  for (std::uint32_t t : to_ids_) ++entries_[t].received;
  for (std::uint32_t f : from_ids_)
    for (std::uint32_t t : to_ids_) ++pairs_[pair_key(f, t)];
}

AddressCounts& AddressCounts::operator+=(const AddressCounts& other) {
  if (&other == this) {
    for (Entry& e : entries_) {
      e.sent *= 2;
      e.received *= 2;
    }
    for (auto& p : pairs_) p.second *= 2;
    return *this;
  }
  std::vector<std::uint32_t> remap(other.entries_.size());
  for (std::size_t i = 0; i < other.entries_.size(); ++i) {
    const Entry& theirs = other.entries_[i];
    std::uint32_t id = intern(theirs.address);
    remap[i] = id;
    entries_[id].sent += theirs.sent;
    entries_[id].received += theirs.received;
  }
  for (const auto& [key, count] : other.pairs_) pairs_[pair_key(remap[pair_from(key)], remap[pair_to(key)])] += count;
  return *this;
}

std::uint64_t AddressCounts::sent(std::string_view address) const {
  std::string scratch;
  std::uint32_t id = find(normalise(address, scratch));
  return id == npos ? 0 : entries_[id].sent;
}

std::uint64_t AddressCounts::received(std::string_view address) const {
  std::string scratch;
  std::uint32_t id = find(normalise(address, scratch));
  return id == npos ? 0 : entries_[id].received;
}

std::uint64_t AddressCounts::pair(std::string_view from, std::string_view to) const {
  std::string scratch_from, scratch_to;
  std::uint32_t f = find(normalise(from, scratch_from));
  std::uint32_t t = find(normalise(to, scratch_to));
  if (f == npos || t == npos) return 0;
  auto it = pairs_.find(pair_key(f, t));
  return it == pairs_.end() ? 0 : it->second;
}

bool AddressCounts::operator==(const AddressCounts& other) const {
  if (entries_.size() != other.entries_.size() || pairs_.size() != other.pairs_.size()) return false;
  std::vector<std::uint32_t> remap(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    std::uint32_t j = other.find(entries_[i].address);
    if (j == npos || other.entries_[j].sent != entries_[i].sent ||
        other.entries_[j].received != entries_[i].received)
      return false;
    remap[i] = j;
  }
  for (const auto& [key, count] : pairs_) {
    auto it = other.pairs_.find(pair_key(remap[pair_from(key)], remap[pair_to(key)]));
    if (it == other.pairs_.end() || it->second != count) return false;
  }
  return true;
}

std::string AddressCounts::to_bytes() const {
  std::string out;
  std::size_t text = 0;
  for (const Entry& e : entries_) text += e.address.size();
  out.reserve(16 + text + entries_.size() * 4 + pairs_.size() * 6);
  put_varint(out, entries_.size());
  for (const Entry& e : entries_) {
    put_varint(out, e.address.size());
    out.append(e.address.data(), e.address.size());
  }
  for (const Entry& e : entries_) {
    put_varint(out, e.sent);
    put_varint(out, e.received);
  }
  put_varint(out, pairs_.size());
  for (const auto& [key, count] : pairs_) {
    put_varint(out, pair_from(key));
    put_varint(out, pair_to(key));
    put_varint(out, count);
  }
  return out;
}

AddressCounts AddressCounts::from_bytes(std::string_view bytes) {
  Reader in(bytes);
  AddressCounts counts;
  std::uint64_t n = in.varint();
  // Each address takes at least 4 bytes (length, one byte, two counts): no lying count can make us allocate.
  if (n > in.remaining() / 4 || n >= npos) Reader::fail("address count exceeds the data");
  counts.entries_.reserve(static_cast<std::size_t>(n));
  counts.ids_.reserve(static_cast<std::size_t>(n));
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string_view address = in.bytes(in.varint());
    if (address.empty()) Reader::fail("empty address");
    if (counts.intern(address) != i) Reader::fail("duplicate address");
  }
  for (Entry& e : counts.entries_) {
    e.sent = in.varint();
    e.received = in.varint();
    if (e.sent == 0 && e.received == 0) Reader::fail("address with no count");
  }
  std::uint64_t p = in.varint();
  if (p > in.remaining() / 3) Reader::fail("pair count exceeds the data");
  counts.pairs_.reserve(static_cast<std::size_t>(p));
  for (std::uint64_t i = 0; i < p; ++i) {
    std::uint64_t from = in.varint();
    std::uint64_t to = in.varint();
    std::uint64_t count = in.varint();
    if (from >= n || to >= n) Reader::fail("pair id out of range");
    if (count == 0) Reader::fail("pair with no count");
    auto key = pair_key(static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to));
    if (!counts.pairs_.emplace(key, count).second) Reader::fail("duplicate pair");
  }
  if (in.remaining() != 0) Reader::fail("trailing bytes");
  return counts;
}

namespace {

struct Candidate {
  std::uint64_t count;
  std::uint32_t a;  // address id, or the pair's from id
  std::uint32_t b;  // the pair's to id
};

// The best k of `each`'s candidates in order, best first. `better` is a strict
// total order. For k below the number of candidates: a bounded heap whose front
// is the worst kept (what std::partial_sort does), so memory stays O(k).
template <class ForEach, class Better>
std::vector<Candidate> best_k(std::size_t k, std::size_t upper_bound, ForEach each, Better better) {
  std::vector<Candidate> kept;
  if (k == 0) return kept;
  if (k >= upper_bound) {
    kept.reserve(upper_bound);
    each([&](const Candidate& c) { kept.push_back(c); });
    std::sort(kept.begin(), kept.end(), better);
    return kept;
  }
  kept.reserve(k);
  each([&](const Candidate& c) {
    if (kept.size() < k) {
      kept.push_back(c);
      std::push_heap(kept.begin(), kept.end(), better);
    } else if (better(c, kept.front())) {
      std::pop_heap(kept.begin(), kept.end(), better);
      kept.back() = c;
      std::push_heap(kept.begin(), kept.end(), better);
    }
  });
  std::sort_heap(kept.begin(), kept.end(), better);
  return kept;
}

}  // namespace

TopAddresses top_addresses(const AddressCounts& counts, std::size_t k) {
  const auto& entries = counts.entries();
  auto address_better = [&](const Candidate& x, const Candidate& y) {
    if (x.count != y.count) return x.count > y.count;
    return entries[x.a].address < entries[y.a].address;  // char_traits<char> compares as unsigned bytes
  };
  auto ranked_addresses = [&](std::uint64_t AddressCounts::Entry::*field) {
    auto each = [&](auto&& take) {
      for (std::size_t i = 0; i < entries.size(); ++i)
        if (std::uint64_t c = entries[i].*field) take(Candidate{c, static_cast<std::uint32_t>(i), 0});
    };
    std::vector<RankedAddress> out;
    for (const Candidate& c : best_k(k, entries.size(), each, address_better))
      out.push_back(RankedAddress{std::string(entries[c.a].address), c.count});
    return out;
  };

  TopAddresses top;
  top.senders = ranked_addresses(&AddressCounts::Entry::sent);
  top.recipients = ranked_addresses(&AddressCounts::Entry::received);

  auto pair_better = [&](const Candidate& x, const Candidate& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.a != y.a) return entries[x.a].address < entries[y.a].address;
    return entries[x.b].address < entries[y.b].address;
  };
  auto each_pair = [&](auto&& take) {
    for (const auto& [key, count] : counts.pairs())
      if (count) take(Candidate{count, AddressCounts::pair_from(key), AddressCounts::pair_to(key)});
  };
  for (const Candidate& c : best_k(k, counts.pairs().size(), each_pair, pair_better))
    top.pairs.push_back(RankedPair{std::string(entries[c.a].address), std::string(entries[c.b].address), c.count});
  return top;
}

}  // namespace mpingest
