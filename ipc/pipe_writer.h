#pragma once
// The worker's end of its pipe to the parent.

#include <string_view>

#include "ipc/wire_format.h"

namespace mpingest::wire {

// Writes all of `data`, retrying on EINTR and short writes. Throws RunError.
void write_all(int fd, std::string_view data);

// Tells the parent why this worker is about to exit non-zero.
void send_worker_error(int fd, std::string_view what) noexcept;

}  // namespace mpingest::wire
