#pragma once
// The worker's end of its pipe to the parent.

#include <initializer_list>
#include <string_view>

#include "ipc/wire_format.h"

namespace mpingest::wire {

// Writes all of `data`, retrying on EINTR and short writes. Throws RunError.
void write_all(int fd, std::string_view data);

// Writes one frame whose payload is `parts` back to back, straight from
// where they are (writev): no frame is assembled, so a large payload is not
// copied, nor a buffer of its size allocated and zeroed. Throws as write_all.
void write_frame(int fd, FrameType type, std::initializer_list<std::string_view> parts);

// Tells the parent why this worker is about to exit non-zero.
void send_worker_error(int fd, std::string_view what) noexcept;

}  // namespace mpingest::wire
