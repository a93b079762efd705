#include "ipc/record_batch.h"

#include <cstring>

#include "ipc/frame_codec.h"

namespace mpingest::wire {

RecordEntryHeader record_entry_header(std::uint64_t item, std::size_t length) {
  RecordEntryHeader header;
  auto length32 = static_cast<std::uint32_t>(length);
  std::memcpy(header.data(), &item, sizeof item);
  std::memcpy(header.data() + sizeof item, &length32, sizeof length32);
  return header;
}

void RecordBatch::add(std::uint64_t item, std::string_view record) {
  RecordEntryHeader header = record_entry_header(item, record.size());
  payload_.append(header.data(), header.size());
  payload_.append(record);
}

std::string RecordBatch::take_frame() {
  std::string frame = encode_frame(FrameType::records, payload_);
  payload_.clear();
  return frame;
}

void for_each_record(std::string_view payload,
                     const std::function<void(std::uint64_t item, std::string_view record)>& visit) {
  constexpr std::size_t kEntryHeader = sizeof(std::uint64_t) + sizeof(std::uint32_t);
  while (!payload.empty()) {
    if (payload.size() < kEntryHeader) throw WireError("corrupt records frame: truncated entry header");
    std::uint64_t item;
    std::uint32_t length;
    std::memcpy(&item, payload.data(), sizeof item);
    std::memcpy(&length, payload.data() + sizeof item, sizeof length);
    payload.remove_prefix(kEntryHeader);
    if (length > payload.size()) throw WireError("corrupt records frame: entry overruns the frame");
    visit(item, payload.substr(0, length));
    payload.remove_prefix(length);
  }
}

}  // namespace mpingest::wire
