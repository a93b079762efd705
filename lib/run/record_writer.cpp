#include "run/record_writer.h"

#include <algorithm>
#include <cerrno>

#include "common/system_error.h"

namespace mpingest {

RecordWriter::RecordWriter(std::FILE* out, bool ordered, std::size_t max_pending_bytes, std::size_t item_count)
    : out_(out), ordered_(ordered), max_pending_bytes_(max_pending_bytes), seen_(item_count, false) {}

void RecordWriter::write(std::string_view record) {
  if (record.empty()) return;
  if (std::fwrite(record.data(), 1, record.size(), out_) != record.size() || std::fputc('\n', out_) == EOF)
    throw system_error("write --emit output", errno);
  ++written_;
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
  if (std::fflush(out_) != 0) throw system_error("write --emit output", errno);
}

}  // namespace mpingest
