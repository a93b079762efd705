#include "ipc/frame_codec.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace mpingest::wire {

// zlib's CRC-32 (the same checksum as Boost.CRC's crc_32_type, so the wire
// format did not change) at 2 GB/s against Boost's 0.4: with --emit every
// record is checksummed twice, once by its worker and once by the parent.
std::uint32_t crc32(std::string_view data) {
  return static_cast<std::uint32_t>(
      ::crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

FrameHeader frame_header(FrameType type, std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  uLong crc = ::crc32_z(0, nullptr, 0);
  for (std::string_view part : parts) {
    // Never with an empty part: zlib reads a null buffer as "start again" and returns 0.
    if (part.empty()) continue;
    size += part.size();
    crc = ::crc32_z(crc, reinterpret_cast<const Bytef*>(part.data()), part.size());
  }
  if (size > kMaxPayload) throw WireError("frame payload of " + std::to_string(size) + " bytes exceeds the limit");
  return FrameHeader{kMagic, kVersion, static_cast<std::uint16_t>(type), static_cast<std::uint32_t>(size),
                     static_cast<std::uint32_t>(crc)};
}

std::string encode_frame(FrameType type, std::string_view payload) {
  FrameHeader header = frame_header(type, {payload});
  std::string frame(sizeof header + payload.size(), '\0');
  std::memcpy(frame.data(), &header, sizeof header);
  // copy_n, not memcpy: an empty payload may have a null data() (memcpy from null is undefined).
  std::copy_n(payload.data(), payload.size(), frame.data() + sizeof header);
  return frame;
}

namespace {

// Checks everything about a header before its length is trusted.
FrameHeader read_header(const char* data) {
  FrameHeader header;
  std::memcpy(&header, data, sizeof header);
  if (header.magic != kMagic) throw WireError("corrupt frame: bad magic number");
  if (header.version != kVersion)
    throw WireError("frame version " + std::to_string(header.version) + ", expected " +
                    std::to_string(kVersion));
  if (header.length > kMaxPayload)
    throw WireError("corrupt frame: length " + std::to_string(header.length) + " exceeds the limit");
  if (header.type == 0 || header.type > kLastFrameType)
    throw WireError("corrupt frame: unknown type " + std::to_string(header.type));
  return header;
}

void check_payload(const FrameHeader& header, std::string_view payload) {
  if (crc32(payload) != header.crc32) throw WireError("corrupt frame: checksum mismatch");
}

Frame checked_frame(const FrameHeader& header, const char* payload) {
  Frame frame{static_cast<FrameType>(header.type), std::string(payload, header.length)};
  check_payload(header, frame.payload);
  return frame;
}

}  // namespace

Frame decode_frame_at(const char* data, std::size_t capacity) {
  if (capacity < sizeof(FrameHeader)) throw WireError("no room for a frame");
  FrameHeader header = read_header(data);
  if (header.length > capacity - sizeof header) throw WireError("corrupt frame: overruns its area");
  return checked_frame(header, data + sizeof header);
}

std::optional<Frame> FrameDecoder::next() {
  if (pending_bytes() < sizeof(FrameHeader)) return std::nullopt;
  FrameHeader header = read_header(buffer_.data() + consumed_);
  std::size_t payload_at = consumed_ + sizeof header;
  std::size_t frame_end = payload_at + header.length;
  if (buffer_.size() < frame_end) {
    // Room for the whole frame at once (its length is checked, at most
    // kMaxPayload, and reserved pages cost nothing until written): growing by
    // doubling would hold two copies of a large payload at the moment it moves.
    if (header.length > kKeptBufferBytes) buffer_.reserve(frame_end);
    return std::nullopt;
  }
  if (frame_end == buffer_.size() && header.length > kKeptBufferBytes) {
    // The last bytes received are one large frame: hand over the buffer
    // itself, not a copy (a spawned worker's item list is read in place).
    check_payload(header, std::string_view(buffer_.data() + payload_at, header.length));
    buffer_.erase(0, payload_at);
    Frame frame{static_cast<FrameType>(header.type), std::move(buffer_)};
    buffer_ = std::string();
    consumed_ = 0;
    return frame;
  }
  Frame frame = checked_frame(header, buffer_.data() + payload_at);
  consumed_ = frame_end;
  if (consumed_ == buffer_.size()) {
    // Give a large buffer back (a spawned worker's item list came through it);
    // keep a small one for the next frames.
    if (buffer_.capacity() > kKeptBufferBytes) {
      std::string().swap(buffer_);
    } else {
      buffer_.clear();
    }
    consumed_ = 0;
  }
  return frame;
}

}  // namespace mpingest::wire
