#include "ipc/pipe_reader.h"

#include <unistd.h>

#include <cerrno>

#include "common/system_error.h"

namespace mpingest::wire {

Frame read_frame(int fd, FrameDecoder& decoder, FrameType expected, std::uint64_t& bytes) {
  char buffer[1 << 16];
  while (true) {
    if (auto frame = decoder.next()) {
      if (frame->type != expected) throw RunError("unexpected frame from the parent");
      return std::move(*frame);
    }
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw system_error("read job", errno);
    if (n == 0) throw RunError("the parent closed the job pipe before sending a whole job");
    bytes += static_cast<std::uint64_t>(n);
    decoder.feed(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace mpingest::wire
