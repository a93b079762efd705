#pragma once
// The payload of a `records` frame: records back to back, each
//   u64 item | u32 length | length bytes of JSON (no newline; 0 = no record)
// in host byte order. Workers batch records into frames of about
// kTargetBatchBytes, so the pipe carries few, large writes.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace mpingest::wire {

constexpr std::size_t kTargetBatchBytes = 64u << 10;

class RecordBatch {
 public:
  void add(std::uint64_t item, std::string_view record);
  bool empty() const { return payload_.empty(); }
  bool full() const { return payload_.size() >= kTargetBatchBytes; }
  std::size_t size() const { return payload_.size(); }
  // The encoded `records` frame; the batch is empty afterwards.
  std::string take_frame();
  // The payload as it stands, to write in place (pipe_writer.h's write_frame); then clear().
  std::string_view payload() const { return payload_; }
  // Empties the batch, keeping its buffer for the next one.
  void clear() { payload_.clear(); }
  // The payload alone (for a journal's records entry); the batch is empty afterwards.
  std::string take_payload() { return std::exchange(payload_, {}); }

 private:
  std::string payload_;
};

// The `u64 item | u32 length` that goes before a record in a payload.
using RecordEntryHeader = std::array<char, sizeof(std::uint64_t) + sizeof(std::uint32_t)>;
RecordEntryHeader record_entry_header(std::uint64_t item, std::size_t length);

// Calls `visit` for each record of a payload. Throws WireError if an entry
// runs past the end of the payload.
void for_each_record(std::string_view payload,
                     const std::function<void(std::uint64_t item, std::string_view record)>& visit);

}  // namespace mpingest::wire
