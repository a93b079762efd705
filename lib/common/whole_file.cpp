#include "common/whole_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/system_error.h"
#include "common/unique_fd.h"

namespace mpingest {
namespace {

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

[[noreturn]] void fail(const std::string& flag, const std::string& path, int err) {
  throw_path_error(flag + " " + path, err);
}

}  // namespace

void check_whole_file_writable(const std::string& path, const std::string& flag) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) throw UsageError(flag + " " + path + " is a directory");
  if (::access(directory_of(path).c_str(), W_OK | X_OK) != 0) fail(flag, path, errno);
}

void write_whole_file(const std::string& path, std::string_view text, const std::string& flag) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) fail(flag, path, errno);
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::unlink(temporary.c_str());
      fail(flag, path, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd.release()) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temporary.c_str());
    fail(flag, path, err);
  }
}

}  // namespace mpingest
