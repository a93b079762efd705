#include "corpus/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/system_error.h"
#include "corpus/open_beneath.h"

namespace mpingest {
namespace {

// What the buffer holds before any file has made it grow: larger than nearly
// every real message (Enron's average is 3.3 KB), so one read takes a whole file.
constexpr std::size_t kInitialCapacity = 64 * 1024;

}  // namespace

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

FileReader::FileReader(const std::string& root, std::uint64_t max_bytes, bool follow_symlinks)
    : root_fd_(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)),
      max_bytes_(max_bytes),
      follow_symlinks_(follow_symlinks) {
  if (!root_fd_.valid()) throw_system_error("open input root " + root, errno);
}

// Reads as raw_read_floor does (open, read until a read returns 0, close), so
// a message costs the floor's system calls and no more. fstat(2) is called
// only off that path: when the bytes fill the buffer (to size the rest and
// apply --max-bytes before reading it), and when a read fails or finds
// nothing (to tell an empty file from a FIFO, device or directory that
// replaced the file since enumeration).
ReadOutcome FileReader::read(std::string_view relative_path) {
  ReadOutcome out;
  // O_NONBLOCK: opening a FIFO that replaced the file must not hang the worker.
  path_z_.assign(relative_path);
  UniqueFd fd(open_beneath(root_fd_.get(), path_z_, O_RDONLY | O_NONBLOCK | O_NOCTTY, follow_symlinks_));
  if (!fd.valid()) {
    if (is_resource_errno(errno)) throw_system_error("cannot open an item", errno);  // the worker fails, the item is re-run
    out.error = describe_open_error(errno, follow_symlinks_);
    return out;
  }
  // Until fstat has vouched for the size, never read past --max-bytes + 1:
  // one byte over is enough to know the file is too large.
  const std::uint64_t unsized_limit = max_bytes_ == UINT64_MAX ? max_bytes_ : max_bytes_ + 1;
  bool sized = false;
  char* data = buffer_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(kInitialCapacity, unsized_limit)));
  std::size_t size = 0;
  while (true) {
    std::size_t room = buffer_.capacity() - size;
    if (!sized) room = static_cast<std::size_t>(std::min<std::uint64_t>(room, unsized_limit - size));
    if (room == 0) {
      if (!sized) {
        std::optional<std::uint64_t> file_size = regular_file_size(fd.get(), out);
        if (!file_size) return out;
        sized = true;
        // One byte more than fstat says, so that a file that grew is noticed
        // below rather than silently truncated.
        data = buffer_.reserve(static_cast<std::size_t>(*file_size) + 1, size);
      } else {
        if (size > max_bytes_) {
          out.error = "file grew past --max-bytes while being read";
          return out;
        }
        data = buffer_.reserve(size * 2, size);  // the file grew while we read it
      }
      continue;
    }
    ssize_t n = ::read(fd.get(), data + size, room);
    if (n < 0) {
      if (errno == EINTR) continue;
      int read_errno = errno;
      if (!regular_file_size(fd.get(), out)) return out;
      out.error = "read failed: " + errno_text(read_errno);
      return out;
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  // Nothing read: an empty file (the caller lists it) or not a file any more.
  if (size == 0 && !sized && !regular_file_size(fd.get(), out)) return out;
  if (size > max_bytes_) {
    out.error = "file grew past --max-bytes while being read";
    return out;
  }
  out.ok = true;
  out.bytes = buffer_.view(size);
  return out;
}

// fstat's verdict on an open item: its size, or nothing, with out.error set,
// when it is no longer a regular file or is larger than --max-bytes.
std::optional<std::uint64_t> FileReader::regular_file_size(int fd, ReadOutcome& out) const {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    out.error = "cannot stat: " + errno_text(errno);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    out.error = "not a regular file any more, not read";
    return std::nullopt;
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes_) {
    out.error = "file of " + std::to_string(size) + " bytes exceeds --max-bytes " + std::to_string(max_bytes_);
    return std::nullopt;
  }
  return size;
}

}  // namespace mpingest
