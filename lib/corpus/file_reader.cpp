#include "corpus/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/system_error.h"

namespace mpingest {

char* ByteBuffer::reserve(std::size_t size, std::size_t keep) {
  if (size > capacity_) {
    std::size_t grown = std::max(size, capacity_ * 2);
    auto bigger = std::make_unique<char[]>(grown);
    std::copy(data_.get(), data_.get() + std::min(keep, capacity_), bigger.get());
    data_ = std::move(bigger);
    capacity_ = grown;
  }
  return data_.get();
}

FileReader::FileReader(const std::string& root, std::uint64_t max_bytes)
    : root_fd_(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)), max_bytes_(max_bytes) {
  if (!root_fd_.valid()) throw system_error("open input root " + root, errno);
}

ReadOutcome FileReader::read(std::string_view relative_path) {
  ReadOutcome out;
  path_z_.assign(relative_path);
  // O_NONBLOCK: opening a FIFO that replaced the file must not hang the worker.
  UniqueFd fd(::openat(root_fd_.get(), path_z_.c_str(),
                       O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
  if (!fd.valid()) {
    out.error = "cannot open: " + errno_text(errno);
    return out;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    out.error = "cannot stat: " + errno_text(errno);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.error = "not a regular file any more, not read";
    return out;
  }
  auto expected = static_cast<std::uint64_t>(st.st_size);
  if (expected > max_bytes_) {
    out.error = "file of " + std::to_string(expected) + " bytes exceeds --max-bytes " +
                std::to_string(max_bytes_);
    return out;
  }
  // One byte more than expected, so that a file that grew is noticed by the
  // loop below rather than silently truncated.
  char* data = buffer_.reserve(static_cast<std::size_t>(expected) + 1);
  std::size_t size = 0;
  while (true) {
    if (size == buffer_.capacity()) {
      if (size > max_bytes_) {
        out.error = "file grew past --max-bytes while being read";
        return out;
      }
      data = buffer_.reserve(size * 2, size);  // the file grew while we read it
    }
    std::size_t capacity = buffer_.capacity();
    ssize_t n = ::read(fd.get(), data + size, capacity - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = "read failed: " + errno_text(errno);
      return out;
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
    // The file is exactly as long as fstat said and the read stopped short of
    // the extra byte asked for: it is at its end, so skip the read that would
    // return 0 (one system call of four per message).
    if (size == expected && size < capacity) break;
  }
  if (size > max_bytes_) {
    out.error = "file grew past --max-bytes while being read";
    return out;
  }
  out.ok = true;
  out.bytes = buffer_.view(size);
  return out;
}

}  // namespace mpingest
