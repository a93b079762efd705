#include "ipc/pipe_writer.h"

#include <unistd.h>

#include <cerrno>

#include "common/system_error.h"
#include "ipc/frame_codec.h"

namespace mpingest::wire {

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error("write to parent pipe", errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void send_worker_error(int fd, std::string_view what) noexcept {
  try {
    write_all(fd, encode_frame(FrameType::worker_error, what));
  } catch (...) {
    // The parent will still see the non-zero exit status.
  }
}

}  // namespace mpingest::wire
