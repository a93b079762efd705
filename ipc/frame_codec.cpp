#include "ipc/frame_codec.h"

#include <boost/crc.hpp>
#include <cstring>

namespace mpingest::wire {

std::uint32_t crc32(std::string_view data) {
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  return crc.checksum();
}

std::string encode_frame(FrameType type, std::string_view payload) {
  if (payload.size() > kMaxPayload)
    throw WireError("frame payload of " + std::to_string(payload.size()) + " bytes exceeds the limit");
  FrameHeader header{kMagic, kVersion, static_cast<std::uint16_t>(type),
                     static_cast<std::uint32_t>(payload.size()), crc32(payload)};
  std::string frame(sizeof header + payload.size(), '\0');
  std::memcpy(frame.data(), &header, sizeof header);
  std::memcpy(frame.data() + sizeof header, payload.data(), payload.size());
  return frame;
}

std::optional<Frame> FrameDecoder::next() {
  if (pending_bytes() < sizeof(FrameHeader)) return std::nullopt;
  FrameHeader header;
  std::memcpy(&header, buffer_.data() + consumed_, sizeof header);
  if (header.magic != kMagic) throw WireError("corrupt frame: bad magic number");
  if (header.version != kVersion)
    throw WireError("frame version " + std::to_string(header.version) + ", expected " +
                    std::to_string(kVersion));
  if (header.length > kMaxPayload)
    throw WireError("corrupt frame: length " + std::to_string(header.length) + " exceeds the limit");
  if (header.type != static_cast<std::uint16_t>(FrameType::result) &&
      header.type != static_cast<std::uint16_t>(FrameType::worker_error))
    throw WireError("corrupt frame: unknown type " + std::to_string(header.type));
  if (pending_bytes() < sizeof header + header.length) return std::nullopt;
  Frame frame{static_cast<FrameType>(header.type),
              buffer_.substr(consumed_ + sizeof header, header.length)};
  if (crc32(frame.payload) != header.crc32) throw WireError("corrupt frame: checksum mismatch");
  consumed_ += sizeof header + header.length;
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  }
  return frame;
}

}  // namespace mpingest::wire
