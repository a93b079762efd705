#include "common/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "common/system_error.h"
#include "common/unique_fd.h"

namespace mpingest {

const char* describe_file_type(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a file";
}

MappedFile::MappedFile(const std::string& path, const std::string& flag) {
  const std::string name = flag + " " + path;
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (!fd.valid()) throw UsageError(name + ": " + errno_text(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw UsageError(name + ": " + errno_text(errno));
  if (!S_ISREG(st.st_mode)) throw UsageError(name + ": " + describe_file_type(st.st_mode) + ", not a regular file");
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ == 0) return;  // mmap cannot map nothing; an empty view will do
  void* data = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (data == MAP_FAILED) {
    if (errno == ENOMEM) throw_system_error(name + ": cannot map", errno);
    throw UsageError(name + ": cannot map: " + errno_text(errno));
  }
  ::madvise(data, size_, MADV_SEQUENTIAL);  // one front-to-back scan
  data_ = static_cast<const char*>(data);
}

void MappedFile::release_before(std::size_t offset) {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t end = std::min(offset, size_) / page * page;
  if (data_ == nullptr || end <= released_) return;
  ::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace mpingest
