#pragma once
// A single-producer, single-consumer byte ring in shared memory: how a
// worker streams --emit records to the parent with --ipc shm.
//
// Entries are `u64 item | u32 length | length bytes`, written at `head`
// and consumed at `tail`; both are byte counts that only grow, and an
// entry may wrap around the end of the buffer. A record larger than half
// the ring travels as several entries, its pieces: the first has
// kFirstPiece set in its length word and its bytes start with the record's
// size (u64), every piece but the last has kMoreFollows. The consumer
// gathers them into one buffer of that size (a PartialRecord that outlives
// each drain) while the producer waits for room for the next.
//
// The producer publishes an entry by storing `head` (release) after writing
// it, so the consumer (acquire) never sees half an entry, even from a worker
// killed mid-write.
// A producer that finds the ring full sleeps on a futex over `tail_seq`,
// which the consumer bumps and wakes after each drain; the sleep has a
// timeout, so a parent that dies cannot leave it waiting forever (and
// PR_SET_PDEATHSIG ends it anyway).

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace mpingest {

struct alignas(64) RecordRingHeader {
  std::atomic<std::uint64_t> head{0};  // written by the worker
  char pad0[56];
  std::atomic<std::uint64_t> tail{0};  // written by the parent
  std::atomic<std::uint32_t> tail_seq{0};  // futex word: bumped by the parent after consuming
  char pad1[52];
};

// Consumer: the pieces so far of a record that travels in pieces.
struct PartialRecord {
  bool open = false;  // a first piece was taken, not yet the last
  std::uint64_t item = 0;
  std::uint64_t size = 0;  // as its first piece said
  std::string bytes;
  void clear() {
    open = false;
    size = 0;
    bytes.clear();
    if (bytes.capacity() > kKeptBytes) std::string().swap(bytes);  // up to wire::kMaxPayload: give it back
  }
  static constexpr std::size_t kKeptBytes = 16u << 20;
};

class RecordRing {
 public:
  static constexpr std::size_t kEntryHeader = sizeof(std::uint64_t) + sizeof(std::uint32_t);
  // In an entry's length word, above any length (records are at most wire::kMaxPayload).
  static constexpr std::uint32_t kMoreFollows = 1u << 31;
  static constexpr std::uint32_t kFirstPiece = 1u << 30;
  static constexpr std::uint32_t kLengthMask = kFirstPiece - 1;

  // Views a ring at `memory` (a RecordRingHeader followed by `capacity`
  // bytes). `initialize` constructs the header (the parent, once).
  RecordRing(char* memory, std::size_t capacity, bool initialize = false);

  // Producer: whether an entry of this record size can ever fit.
  bool fits(std::size_t record_size) const { return kEntryHeader + record_size <= capacity_ / 2; }
  // Producer: appends a record of at most half the ring as one entry if
  // there is room now; false if the ring is full.
  bool try_push(std::uint64_t item, std::string_view record);
  // Producer: appends `record`, whole or (larger than half the ring) in
  // pieces, waiting for room as it must. `before_wait` runs before each
  // wait (the consumer must know what there is to take), `pushed` after
  // each entry with its bytes.
  void push(std::uint64_t item, std::string_view record, const std::function<void()>& before_wait,
            const std::function<void(std::size_t entry_bytes)>& pushed);
  // Producer: the bytes of a record that the first piece carries.
  std::size_t first_piece_bytes() const { return capacity_ / 2 - kEntryHeader - sizeof(std::uint64_t); }

  // Consumer: calls `take` for each record in order until it returns false
  // (that record stays for later) or the ring is empty. A record in pieces
  // is gathered in `partial` across drains and handed over whole. Throws
  // wire::WireError on an entry that cannot be valid. The record a `take`
  // sees is valid only during that call.
  void drain(const std::function<bool(std::uint64_t item, std::string_view record)>& take, PartialRecord& partial);

  // Bytes a ring with `capacity` bytes of data occupies in the segment.
  static std::size_t footprint(std::size_t capacity) { return sizeof(RecordRingHeader) + capacity; }

 private:
  // Appends an entry if there is room now: `word` is its length and flags,
  // `prefix` (the first piece's record size) goes before `bytes`.
  bool try_push_entry(std::uint64_t item, std::uint32_t word, std::string_view prefix, std::string_view bytes);
  // Waits until an entry of `entry_size` bytes fits.
  void wait_for_space(std::size_t entry_size);
  void copy_in(std::uint64_t position, const void* data, std::size_t size);
  void copy_out(std::uint64_t position, void* data, std::size_t size) const;
  void append_out(std::uint64_t position, std::size_t size, std::string& to) const;
  bool has_room(std::size_t entry_size) const;

  RecordRingHeader* header_;
  char* data_;
  std::size_t capacity_;
  std::string scratch_;  // consumer: a wrapped record made contiguous
};

}  // namespace mpingest
