#pragma once
// Futex waits and wakes on a 32-bit word in memory shared between processes
// (not FUTEX_PRIVATE_FLAG): the record ring's and the IPC lab's raw ring's.

#include <atomic>
#include <cstdint>

namespace mpingest {

static_assert(std::atomic<std::uint32_t>::is_always_lock_free, "a futex word must be a plain 32-bit word");

// Sleeps while *word == expected, at most timeout_ns.
void shared_futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected, long timeout_ns);
// Wakes every sleeper on `word`.
void shared_futex_wake_all(std::atomic<std::uint32_t>* word);

}  // namespace mpingest
