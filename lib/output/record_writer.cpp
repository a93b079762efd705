#include "output/record_writer.h"

#include <algorithm>

namespace mpingest {
namespace {

// Records are gathered into writes of about this size.
constexpr std::size_t kBatchBytes = 64 * 1024;

}  // namespace

RecordWriter::RecordWriter(OutputChannel& out, bool ordered, std::size_t max_pending_bytes, std::size_t item_count)
    : out_(out), ordered_(ordered), max_pending_bytes_(max_pending_bytes), seen_(item_count, false) {}

RecordWriter::~RecordWriter() {
  try {
    flush();
  } catch (...) {
    // Unwinding already; what is in the output ends at a record boundary anyway.
  }
}

void RecordWriter::write(std::string_view record) {
  if (record.empty()) return;
  batch_.append(record);
  batch_.push_back('\n');
  ++written_;
}

void RecordWriter::flush_if_full() {
  if (batch_.size() >= kBatchBytes) flush();
}

void RecordWriter::flush() {
  if (batch_.empty()) return;
  try {
    out_.write_all(batch_);
  } catch (...) {
    batch_.clear();  // written or not, never written twice
    throw;
  }
  if (mark_observer_) {
    const std::size_t keep = wire::kOutputMarkTail;
    if (batch_.size() >= keep) {
      tail_.assign(batch_, batch_.size() - keep, keep);
    } else {
      tail_.append(batch_);
      if (tail_.size() > keep) tail_.erase(0, tail_.size() - keep);
    }
    // Every record of an item before next_ is in the batch or was written before it.
    mark_observer_(wire::OutputMark{next_, bytes_before_ + out_.bytes_written(), written_, tail_});
  }
  batch_.clear();  // keeps its capacity: the next batch grows no more
}

void RecordWriter::continue_after(const wire::OutputMark& mark) {
  next_ = std::min<std::uint64_t>(mark.items, seen_.size());
  std::fill(seen_.begin(), seen_.begin() + static_cast<std::ptrdiff_t>(next_), true);
  written_ = mark.records;
  bytes_before_ = mark.bytes;
  tail_ = mark.tail;
}

void RecordWriter::put(std::uint64_t item, std::string_view record) {
  if (item >= seen_.size() || seen_[item]) return;
  seen_[item] = true;
  if (observer_) observer_(item, record);
  if (!ordered_) {
    write(record);
    flush_if_full();
    return;
  }
  if (item != next_) {
    pending_bytes_ += record.size();
    peak_pending_bytes_ = std::max(peak_pending_bytes_, pending_bytes_);
    pending_.emplace(item, std::string(record));
    return;
  }
  write(record);
  ++next_;
  flush_if_full();
  write_ready();
}

void RecordWriter::replay(Replayed records) {
  replayed_ = std::move(records);
  for (const auto& [item, record] : replayed_) {
    if (item < seen_.size()) seen_[item] = true;
    if (ordered_) continue;
    write(record);
    flush_if_full();
  }
  if (!ordered_) replayed_.clear();
  write_ready();
}

void RecordWriter::write_ready() {
  while (true) {
    if (next_replayed_ < replayed_.size() && replayed_[next_replayed_].first == next_) {
      write(replayed_[next_replayed_++].second);
    } else if (!pending_.empty() && pending_.begin()->first == next_) {
      auto it = pending_.begin();
      write(it->second);
      pending_bytes_ -= it->second.size();
      pending_.erase(it);
    } else {
      return;
    }
    ++next_;
    flush_if_full();  // after next_ moved on: a mark counts every item in the batch
  }
}

void RecordWriter::finish() {
  // Gaps remain only where items were lost with a failed worker: what is
  // after them, pending or replayed, goes out in item order, and past the
  // last mark (a mark says all items before it are out).
  flush();
  mark_observer_ = nullptr;
  auto pending = pending_.begin();
  while (pending != pending_.end() || next_replayed_ < replayed_.size()) {
    const bool replayed_first = pending == pending_.end() ||
                                (next_replayed_ < replayed_.size() && replayed_[next_replayed_].first < pending->first);
    if (replayed_first) {
      write(replayed_[next_replayed_++].second);
    } else {
      write(pending->second);
      ++pending;
    }
    flush_if_full();
  }
  pending_.clear();
  pending_bytes_ = 0;
  flush();
}

}  // namespace mpingest
