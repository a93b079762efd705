#pragma once
// Building frames, and cutting a byte stream back into frames.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "ipc/wire_format.h"

namespace mpingest::wire {

struct Frame {
  FrameType type = FrameType::result;
  std::string payload;
};

// Header + payload, ready to write. Throws WireError if the payload is too large.
std::string encode_frame(FrameType type, std::string_view payload);
// The header of a frame whose payload is `parts` back to back (one CRC over
// them all), for writers that send the parts where they are instead of
// copying them into one frame (pipe_writer.h's write_frame, a result slot).
// Throws WireError if the payload is too large.
FrameHeader frame_header(FrameType type, std::initializer_list<std::string_view> parts);

// Accumulates bytes from a stream (a pipe) and yields complete frames.
// Validates each header before trusting its length.
class FrameDecoder {
 public:
  void feed(const char* data, std::size_t size) {
    compact();
    buffer_.append(data, size);
  }
  // The next complete frame, or nullopt if more bytes are needed.
  // Throws WireError on a corrupt header or payload.
  std::optional<Frame> next();
  // Bytes received that do not (yet) form a whole frame: non-zero at EOF
  // means the sender died mid-frame.
  std::size_t pending_bytes() const { return buffer_.size() - consumed_; }
  // Bytes held, frames already yielded included until the next compaction.
  std::size_t buffered_bytes() const { return buffer_.size(); }

 private:
  static constexpr std::size_t kKeptBufferBytes = 1 << 20;
  // Drops the frames already yielded once they are at least as many bytes as
  // the part still pending, so the move is amortised: a long stream whose
  // reads never end on a frame boundary (a spawned worker's item slices, a
  // worker's records) is held one frame or two at a time, not whole.
  void compact() {
    if (consumed_ != 0 && consumed_ >= buffer_.size() - consumed_) {
      buffer_.erase(0, consumed_);
      consumed_ = 0;
    }
  }
  std::string buffer_;
  std::size_t consumed_ = 0;
};

// The one frame at the start of a fixed-size area (a shared-memory slot).
// Throws WireError if no valid frame is there or it would overrun `capacity`.
Frame decode_frame_at(const char* data, std::size_t capacity);

std::uint32_t crc32(std::string_view data);

}  // namespace mpingest::wire
