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
  batch_.clear();  // keeps its capacity: the next batch grows no more
}

void RecordWriter::put(std::uint64_t item, std::string_view record) {
  if (item >= seen_.size() || seen_[item]) return;
  seen_[item] = true;
  if (!ordered_) {
    write(record);
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
  // Release the run of pending records that is now in order.
  for (auto it = pending_.begin(); it != pending_.end() && it->first == next_; it = pending_.erase(it)) {
    write(it->second);
    pending_bytes_ -= it->second.size();
    ++next_;
  }
}

void RecordWriter::finish() {
  // Gaps remain only where items were lost with a failed worker.
  for (auto& [item, record] : pending_) write(record);
  pending_.clear();
  pending_bytes_ = 0;
  flush();
}

}  // namespace mpingest
