#pragma once
// A spawned worker's end of its job pipe: frames from the parent, in order.

#include <cstdint>

#include "ipc/frame_codec.h"

namespace mpingest::wire {

// Reads from `fd` until `decoder` yields a whole frame, which must be of type
// `expected`; adds the bytes read to `bytes`. Throws RunError if the pipe
// ends first or the frame is of another type, WireError if it is corrupt.
Frame read_frame(int fd, FrameDecoder& decoder, FrameType expected, std::uint64_t& bytes);

}  // namespace mpingest::wire
