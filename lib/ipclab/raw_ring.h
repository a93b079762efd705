#pragma once
// shm-raw's ring: a single-producer, single-consumer byte ring in shared
// memory, the least a shared-memory transport can be (ipc-bench's shm
// test, with the wake-ups a real one needs instead of spinning).
//
// `head` and `tail` count bytes and only grow; the producer publishes bytes
// by storing `head` (release), the consumer frees them by storing `tail`.
// A message larger than the ring flows through it in pieces (back-pressure).
//
// Wake-ups, only when someone sleeps:
// - The consumer sleeps in ppoll on an eventfd, because it must wait on many
//   things at once (every worker's ring, and each worker's death as a pipe's
//   hang-up), which only a descriptor can join. Before sleeping it raises
//   `consumer_sleeping` and looks once more; a producer that publishes and
//   finds the flag raised clears it and writes the eventfd.
// - The producer waits for room on a futex over `tail_seq`: it waits for one
//   thing only, and a futex is a word in the ring itself, with no descriptor
//   to pass around and no system call when nobody sleeps.
// Both flags are a Dekker pair (store the flag, then load the other side's
// index, all sequentially consistent), so a wake-up cannot be lost.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace mpingest {

struct alignas(64) RawRingHeader {
  std::atomic<std::uint64_t> head{0};  // the producer's
  char pad0[56];
  std::atomic<std::uint64_t> tail{0};  // the consumer's
  char pad1[56];
  std::atomic<std::uint32_t> consumer_sleeping{0};
  char pad2[60];
  std::atomic<std::uint32_t> producer_waiting{0};
  std::atomic<std::uint32_t> tail_seq{0};  // futex word: bumped when the consumer frees room for a waiting producer
  char pad3[56];
};

class RawRing {
 public:
  // A view of the ring at `memory` (a header, then `capacity` bytes);
  // `initialize` constructs the header (the parent, once, before fork).
  RawRing(void* memory, std::size_t capacity, bool initialize = false);
  static std::size_t footprint(std::size_t capacity) { return sizeof(RawRingHeader) + capacity; }

  // Producer: copies as much of `data` as fits now; returns how much.
  std::size_t write_some(const char* data, std::size_t size);
  // Producer, after write_some: whether the consumer had gone to sleep (the
  // caller wakes it). Clears the flag.
  bool take_sleeping_consumer();
  // Producer: sleeps until some room is free; every 10 ms calls `still_wanted`,
  // which throws to give up (the consumer died).
  void wait_for_room(const std::function<void()>& still_wanted);

  // Consumer: copies up to `max` waiting bytes to `out`; returns how many.
  std::size_t read_some(char* out, std::size_t max);
  std::size_t readable() const;
  // Consumer: about to sleep (true) or awake (false); see above.
  void set_consumer_sleeping(bool sleeping);

 private:
  RawRingHeader* header_;
  char* data_;
  std::size_t capacity_;
};

}  // namespace mpingest
