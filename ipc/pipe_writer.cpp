#include "ipc/pipe_writer.h"

#include <sys/uio.h>
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

void write_frame(int fd, FrameType type, std::initializer_list<std::string_view> parts) {
  FrameHeader header = frame_header(type, parts);
  constexpr std::size_t kMaxParts = 4;
  if (parts.size() + 1 > kMaxParts) throw WireError("write_frame: too many parts");
  iovec pieces[kMaxParts];
  int count = 0;
  pieces[count++] = {&header, sizeof header};
  for (std::string_view part : parts)
    if (!part.empty()) pieces[count++] = {const_cast<char*>(part.data()), part.size()};
  iovec* next = pieces;
  while (count > 0) {
    ssize_t n = ::writev(fd, next, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error("write to parent pipe", errno);
    }
    // Past the pieces written whole, then into the one cut short.
    auto left = static_cast<std::size_t>(n);
    while (count > 0 && left >= next->iov_len) {
      left -= next->iov_len;
      ++next;
      --count;
    }
    if (count > 0) {
      next->iov_base = static_cast<char*>(next->iov_base) + left;
      next->iov_len -= left;
    }
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
