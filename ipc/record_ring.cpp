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
  if (size == 0) return;  // `data` may be null (an empty view): memcpy must not see it
  std::size_t at = static_cast<std::size_t>(position % capacity_);
  std::size_t first = std::min(size, capacity_ - at);
  std::memcpy(data_ + at, data, first);
  std::memcpy(data_, static_cast<const char*>(data) + first, size - first);
}

void RecordRing::copy_out(std::uint64_t position, void* data, std::size_t size) const {
  if (size == 0) return;
  std::size_t at = static_cast<std::size_t>(position % capacity_);
  std::size_t first = std::min(size, capacity_ - at);
  std::memcpy(data, data_ + at, first);
  std::memcpy(static_cast<char*>(data) + first, data_, size - first);
}

void RecordRing::append_out(std::uint64_t position, std::size_t size, std::string& to) const {
  std::size_t at = static_cast<std::size_t>(position % capacity_);
  std::size_t first = std::min(size, capacity_ - at);
  to.append(data_ + at, first);
  to.append(data_, size - first);
}

bool RecordRing::has_room(std::size_t entry_size) const {
  std::uint64_t head = header_->head.load(std::memory_order_relaxed);
  std::uint64_t tail = header_->tail.load(std::memory_order_acquire);
  return capacity_ - (head - tail) >= entry_size;
}

void RecordRing::wait_for_space(std::size_t entry_size) {
  while (true) {
    std::uint32_t seq = header_->tail_seq.load(std::memory_order_acquire);
    if (has_room(entry_size)) return;
    shared_futex_wait(&header_->tail_seq, seq, 10'000'000);  // 10 ms, then look again
  }
}

bool RecordRing::try_push_entry(std::uint64_t item, std::uint32_t word, std::string_view prefix, std::string_view bytes) {
  std::size_t size = kEntryHeader + prefix.size() + bytes.size();
  if (!has_room(size)) return false;
  std::uint64_t head = header_->head.load(std::memory_order_relaxed);
  copy_in(head, &item, sizeof item);
  copy_in(head + sizeof item, &word, sizeof word);
  copy_in(head + kEntryHeader, prefix.data(), prefix.size());
  copy_in(head + kEntryHeader + prefix.size(), bytes.data(), bytes.size());
  header_->head.store(head + size, std::memory_order_release);
  return true;
}

bool RecordRing::try_push(std::uint64_t item, std::string_view record) {
  if (!fits(record.size())) return false;
  return try_push_entry(item, static_cast<std::uint32_t>(record.size()), {}, record);
}

void RecordRing::push(std::uint64_t item, std::string_view record, const std::function<void()>& before_wait,
                      const std::function<void(std::size_t entry_bytes)>& pushed) {
  auto put = [&](std::uint32_t flags, std::string_view prefix, std::string_view bytes) {
    const std::size_t length = prefix.size() + bytes.size();
    const auto word = static_cast<std::uint32_t>(length) | flags;
    if (!try_push_entry(item, word, prefix, bytes)) {
      before_wait();
      wait_for_space(kEntryHeader + length);
      try_push_entry(item, word, prefix, bytes);
    }
    pushed(kEntryHeader + length);
  };
  if (fits(record.size())) return put(0, {}, record);
  const std::uint64_t size = record.size();
  put(kFirstPiece | kMoreFollows, std::string_view(reinterpret_cast<const char*>(&size), sizeof size),
      record.substr(0, first_piece_bytes()));
  record.remove_prefix(first_piece_bytes());
  const std::size_t piece = capacity_ / 2 - kEntryHeader;
  while (record.size() > piece) {
    put(kMoreFollows, {}, record.substr(0, piece));
    record.remove_prefix(piece);
  }
  put(0, {}, record);
}

namespace {

wire::WireError corrupt(const std::string& what) { return wire::WireError("corrupt record ring: " + what); }

}  // namespace

void RecordRing::drain(const std::function<bool(std::uint64_t item, std::string_view record)>& take,
                       PartialRecord& partial) {
  std::uint64_t tail = header_->tail.load(std::memory_order_relaxed);
  std::uint64_t head = header_->head.load(std::memory_order_acquire);
  std::uint64_t start = tail;
  while (head - tail >= kEntryHeader) {
    std::uint64_t item;
    std::uint32_t word;
    copy_out(tail, &item, sizeof item);
    copy_out(tail + sizeof item, &word, sizeof word);
    const std::size_t length = word & kLengthMask;
    const bool first = (word & kFirstPiece) != 0, more_follows = (word & kMoreFollows) != 0;
    if (kEntryHeader + length > head - tail) throw corrupt("entry overruns its data");
    std::string_view record;
    std::size_t gathered = partial.bytes.size();
    if (first || partial.open || more_follows) {
      // A piece, gathered where the record will be whole. Pieces before the
      // last are taken whatever `take` would say (they are not records yet),
      // so the producer always gets room for the rest.
      std::uint64_t at = tail + kEntryHeader;
      std::size_t bytes = length;
      if (first) {
        if (partial.open) throw corrupt("item " + std::to_string(item) + " began inside item " + std::to_string(partial.item));
        if (!more_follows || length < sizeof partial.size) throw corrupt("a first piece that is not one");
        copy_out(at, &partial.size, sizeof partial.size);
        if (partial.size > wire::kMaxPayload) throw corrupt("a record of " + std::to_string(partial.size) + " bytes");
        at += sizeof partial.size;
        bytes -= sizeof partial.size;
        partial.open = true;
        partial.item = item;
        partial.bytes.reserve(partial.size);
      } else if (!partial.open) {
        throw corrupt("a piece of item " + std::to_string(item) + " without its first");
      } else if (item != partial.item) {
        throw corrupt("a piece of item " + std::to_string(item) + " inside item " + std::to_string(partial.item));
      }
      if (gathered + bytes > partial.size || (!more_follows && gathered + bytes != partial.size))
        throw corrupt("the pieces of item " + std::to_string(item) + " do not add up to its " +
                      std::to_string(partial.size) + " bytes");
      append_out(at, bytes, partial.bytes);
      if (more_follows) {
        tail += kEntryHeader + length;
        continue;
      }
      record = partial.bytes;
    } else {
      // A record in one piece is handed over where it lies (the producer
      // writes there only after `tail` moves past it); only one that wraps
      // around the end is copied to make it contiguous.
      std::size_t at = static_cast<std::size_t>((tail + kEntryHeader) % capacity_);
      if (at + length <= capacity_) {
        record = std::string_view(data_ + at, length);
      } else {
        scratch_.resize(length);
        copy_out(tail + kEntryHeader, scratch_.data(), length);
        record = scratch_;
      }
    }
    if (!take(item, record)) {
      if (partial.open) partial.bytes.resize(gathered);  // its last piece stays in the ring
      break;
    }
    if (partial.open) partial.clear();
    tail += kEntryHeader + length;
  }
  if (tail != start) {
    header_->tail.store(tail, std::memory_order_release);
    header_->tail_seq.fetch_add(1, std::memory_order_release);
    shared_futex_wake_all(&header_->tail_seq);
  }
}

}  // namespace mpingest
