#include "ipclab/raw_ring.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "ipc/shared_futex.h"

namespace mpingest {

RawRing::RawRing(void* memory, std::size_t capacity, bool initialize)
    : header_(initialize ? new (memory) RawRingHeader{} : static_cast<RawRingHeader*>(memory)),
      data_(static_cast<char*>(memory) + sizeof(RawRingHeader)),
      capacity_(capacity) {}

std::size_t RawRing::write_some(const char* data, std::size_t size) {
  std::uint64_t head = header_->head.load(std::memory_order_relaxed);
  std::uint64_t tail = header_->tail.load(std::memory_order_acquire);
  std::size_t n = std::min<std::size_t>(size, capacity_ - (head - tail));
  if (n == 0) return 0;
  std::size_t at = static_cast<std::size_t>(head % capacity_);
  std::size_t first = std::min(n, capacity_ - at);
  std::memcpy(data_ + at, data, first);
  std::memcpy(data_, data + first, n - first);
  header_->head.store(head + n, std::memory_order_seq_cst);
  return n;
}

bool RawRing::take_sleeping_consumer() {
  return header_->consumer_sleeping.load(std::memory_order_seq_cst) != 0 &&
         header_->consumer_sleeping.exchange(0, std::memory_order_seq_cst) != 0;
}

void RawRing::wait_for_room(const std::function<void()>& still_wanted) {
  while (true) {
    std::uint32_t seq = header_->tail_seq.load(std::memory_order_acquire);
    header_->producer_waiting.store(1, std::memory_order_seq_cst);
    std::uint64_t head = header_->head.load(std::memory_order_relaxed);
    if (head - header_->tail.load(std::memory_order_seq_cst) < capacity_) {
      header_->producer_waiting.store(0, std::memory_order_relaxed);
      return;
    }
    shared_futex_wait(&header_->tail_seq, seq, 10'000'000);
    still_wanted();
  }
}

std::size_t RawRing::readable() const {
  return static_cast<std::size_t>(header_->head.load(std::memory_order_acquire) -
                                  header_->tail.load(std::memory_order_relaxed));
}

std::size_t RawRing::read_some(char* out, std::size_t max) {
  std::uint64_t tail = header_->tail.load(std::memory_order_relaxed);
  std::uint64_t head = header_->head.load(std::memory_order_acquire);
  std::size_t n = std::min<std::size_t>(max, head - tail);
  if (n == 0) return 0;
  std::size_t at = static_cast<std::size_t>(tail % capacity_);
  std::size_t first = std::min(n, capacity_ - at);
  std::memcpy(out, data_ + at, first);
  std::memcpy(out + first, data_, n - first);
  header_->tail.store(tail + n, std::memory_order_seq_cst);
  if (header_->producer_waiting.load(std::memory_order_seq_cst) != 0 &&
      header_->producer_waiting.exchange(0, std::memory_order_seq_cst) != 0) {
    header_->tail_seq.fetch_add(1, std::memory_order_release);
    shared_futex_wake_all(&header_->tail_seq);
  }
  return n;
}

void RawRing::set_consumer_sleeping(bool sleeping) {
  if (sleeping) {
    header_->consumer_sleeping.store(1, std::memory_order_seq_cst);
  } else if (header_->consumer_sleeping.load(std::memory_order_relaxed) != 0) {
    header_->consumer_sleeping.store(0, std::memory_order_relaxed);
  }
}

}  // namespace mpingest
