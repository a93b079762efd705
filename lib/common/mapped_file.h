#pragma once
// A read-only memory map of a whole file, unmapped on destruction.

#include <sys/types.h>

#include <string>
#include <string_view>

namespace mpingest {

// "a FIFO", "a directory", ... for a mode that is not a regular file's.
const char* describe_file_type(mode_t mode);

class MappedFile {
 public:
  // Throws UsageError naming `path` (after `flag`, the option that named
  // it) if it cannot be opened or mapped.
  explicit MappedFile(const std::string& path, const std::string& flag = "--input");
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

  // Drops the pages wholly before `offset` from this mapping: a scan that is
  // past them keeps the process's resident set small (they stay in the page
  // cache, and reading them again simply maps them again).
  void release_before(std::size_t offset);

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t released_ = 0;  // [0, released_) was dropped
};

}  // namespace mpingest
