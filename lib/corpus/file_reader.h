#pragma once
// Reads one item's bytes into a buffer that is reused across items, so the
// hot path allocates only when a larger file than any before comes along.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/unique_fd.h"

namespace mpingest {

// A growable byte buffer that never shrinks and never zero-fills.
class ByteBuffer {
 public:
  // Makes capacity >= size, keeping the first `keep` bytes.
  char* reserve(std::size_t size, std::size_t keep = 0);
  std::size_t capacity() const { return capacity_; }
  std::string_view view(std::size_t size) const { return {data_.get(), size}; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t capacity_ = 0;
};

struct ReadOutcome {
  bool ok = false;
  std::string_view bytes;  // valid until the next read()
  std::string error;       // why not ok, for the error list
};

class FileReader {
 public:
  // Opens `root` once; items are opened relative to it (open_beneath.h).
  // Throws RunError if root cannot be opened.
  FileReader(const std::string& root, std::uint64_t max_bytes, bool follow_symlinks = false);

  // Never blocks on a FIFO, and without --follow-symlinks follows no
  // symbolic link anywhere on the path: the item must still be the regular
  // file enumeration saw. A file over --max-bytes is refused after at most
  // --max-bytes + 1 bytes of it have been read.
  ReadOutcome read(std::string_view relative_path);

  // The input root, open for openat(2); owned by this reader.
  int root_fd() const { return root_fd_.get(); }

 private:
  std::optional<std::uint64_t> regular_file_size(int fd, ReadOutcome& out) const;

  UniqueFd root_fd_;
  std::uint64_t max_bytes_;
  bool follow_symlinks_;
  std::string path_z_;  // the item's path, reused: no allocation per item
  ByteBuffer buffer_;
};

}  // namespace mpingest
