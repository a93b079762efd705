#pragma once
// A read-only memory map of a whole file, unmapped on destruction.

#include <string>
#include <string_view>

namespace mpingest {

class MappedFile {
 public:
  // Throws UsageError naming `path` if it cannot be opened or mapped.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace mpingest
