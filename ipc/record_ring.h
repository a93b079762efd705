#pragma once
// A single-producer, single-consumer byte ring in shared memory: how a
// worker streams --emit records to the parent with --ipc shm.
//
// Entries are `u64 item | u32 length | length bytes`, written at `head`
// and consumed at `tail`; both are byte counts that only grow, and an
// entry may wrap around the end of the buffer. The producer publishes an
// entry by storing `head` (release) after writing it, so the consumer
// (acquire) never sees half an entry, even from a worker killed mid-write.
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

class RecordRing {
 public:
  static constexpr std::size_t kEntryHeader = sizeof(std::uint64_t) + sizeof(std::uint32_t);

  // Views a ring at `memory` (a RecordRingHeader followed by `capacity`
  // bytes). `initialize` constructs the header (the parent, once).
  RecordRing(char* memory, std::size_t capacity, bool initialize = false);

  // Producer: whether an entry of this record size can ever fit.
  bool fits(std::size_t record_size) const { return kEntryHeader + record_size <= capacity_ / 2; }
  // Producer: appends an entry if there is room now; false if the ring is full.
  bool try_push(std::uint64_t item, std::string_view record);
  // Producer: waits until an entry for a record of this size fits.
  void wait_for_space(std::size_t record_size);

  // Consumer: calls `take` for each entry in order until it returns false
  // (that entry stays for later) or the ring is empty. Throws
  // wire::WireError on an entry that cannot be valid. The record a `take`
  // sees is valid only during that call.
  void drain(const std::function<bool(std::uint64_t item, std::string_view record)>& take);

  // Bytes a ring with `capacity` bytes of data occupies in the segment.
  static std::size_t footprint(std::size_t capacity) { return sizeof(RecordRingHeader) + capacity; }

 private:
  void copy_in(std::uint64_t position, const void* data, std::size_t size);
  void copy_out(std::uint64_t position, void* data, std::size_t size) const;
  bool has_room(std::size_t entry_size) const;

  RecordRingHeader* header_;
  char* data_;
  std::size_t capacity_;
  std::string scratch_;  // consumer: a wrapped record made contiguous
};

}  // namespace mpingest
