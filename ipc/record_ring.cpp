#include "ipc/record_ring.h"

#include <cstring>
#include <new>

#include "ipc/shared_futex.h"
#include "ipc/wire_format.h"

namespace mpingest {

RecordRing::RecordRing(char* memory, std::size_t capacity, bool initialize)
    : header_(initialize ? new (memory) RecordRingHeader{} : reinterpret_cast<RecordRingHeader*>(memory)),
      data_(memory + sizeof(RecordRingHeader)),
      capacity_(capacity) {}

void RecordRing::copy_in(std::uint64_t position, const void* data, std::size_t size) {
  std::size_t at = static_cast<std::size_t>(position % capacity_);
  std::size_t first = std::min(size, capacity_ - at);
  std::memcpy(data_ + at, data, first);
  std::memcpy(data_, static_cast<const char*>(data) + first, size - first);
}

void RecordRing::copy_out(std::uint64_t position, void* data, std::size_t size) const {
  std::size_t at = static_cast<std::size_t>(position % capacity_);
  std::size_t first = std::min(size, capacity_ - at);
  std::memcpy(data, data_ + at, first);
  std::memcpy(static_cast<char*>(data) + first, data_, size - first);
}

bool RecordRing::has_room(std::size_t entry_size) const {
  std::uint64_t head = header_->head.load(std::memory_order_relaxed);
  std::uint64_t tail = header_->tail.load(std::memory_order_acquire);
  return capacity_ - (head - tail) >= entry_size;
}

void RecordRing::wait_for_space(std::size_t record_size) {
  std::size_t needed = kEntryHeader + record_size;
  while (true) {
    std::uint32_t seq = header_->tail_seq.load(std::memory_order_acquire);
    if (has_room(needed)) return;
    shared_futex_wait(&header_->tail_seq, seq, 10'000'000);  // 10 ms, then look again
  }
}

bool RecordRing::try_push(std::uint64_t item, std::string_view record) {
  std::size_t size = kEntryHeader + record.size();
  if (!has_room(size)) return false;
  std::uint64_t head = header_->head.load(std::memory_order_relaxed);
  auto length = static_cast<std::uint32_t>(record.size());
  copy_in(head, &item, sizeof item);
  copy_in(head + sizeof item, &length, sizeof length);
  copy_in(head + kEntryHeader, record.data(), record.size());
  header_->head.store(head + size, std::memory_order_release);
  return true;
}

void RecordRing::drain(const std::function<bool(std::uint64_t item, std::string_view record)>& take) {
  std::uint64_t tail = header_->tail.load(std::memory_order_relaxed);
  std::uint64_t head = header_->head.load(std::memory_order_acquire);
  std::uint64_t start = tail;
  while (head - tail >= kEntryHeader) {
    std::uint64_t item;
    std::uint32_t length;
    copy_out(tail, &item, sizeof item);
    copy_out(tail + sizeof item, &length, sizeof length);
    if (kEntryHeader + length > head - tail) throw wire::WireError("corrupt record ring: entry overruns its data");
    // A record in one piece is handed over where it lies (the producer
    // writes there only after `tail` moves past it); only one that wraps
    // around the end is copied to make it contiguous.
    std::size_t at = static_cast<std::size_t>((tail + kEntryHeader) % capacity_);
    std::string_view record;
    if (at + length <= capacity_) {
      record = std::string_view(data_ + at, length);
    } else {
      scratch_.resize(length);
      copy_out(tail + kEntryHeader, scratch_.data(), length);
      record = scratch_;
    }
    if (!take(item, record)) break;
    tail += kEntryHeader + length;
  }
  if (tail != start) {
    header_->tail.store(tail, std::memory_order_release);
    header_->tail_seq.fetch_add(1, std::memory_order_release);
    shared_futex_wake_all(&header_->tail_seq);
  }
}

}  // namespace mpingest
