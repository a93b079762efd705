#include "corpus/open_beneath.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>

#include "common/system_error.h"
#include "common/unique_fd.h"

namespace mpingest {
namespace {

// Pieces of a long path are cut at a '/' no further than this.
constexpr std::size_t kPieceBytes = PATH_MAX / 2;

// The kernel (or a seccomp profile) said no once: walk from then on.
std::atomic<bool> g_no_openat2{false};

// One path of fewer than PATH_MAX bytes.
int open_short(int dir_fd, const std::string& path, int flags, bool follow_symlinks) {
  flags |= O_CLOEXEC;
  if (follow_symlinks) return ::openat(dir_fd, path.c_str(), flags);
  if (!g_no_openat2.load(std::memory_order_relaxed)) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags);
    how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;
    long fd;
    do {
      fd = ::syscall(SYS_openat2, dir_fd, path.c_str(), &how, sizeof how);
    } while (fd < 0 && errno == EINTR);
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return static_cast<int>(fd);
    g_no_openat2.store(true, std::memory_order_relaxed);
  }
  // One component at a time, none of them followed.
  UniqueFd dir;
  int at = dir_fd;
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    std::string name = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (slash == std::string::npos) return ::openat(at, name.c_str(), flags | O_NOFOLLOW);
    int next = ::openat(at, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) return -1;
    dir.reset(next);
    at = next;
    start = slash + 1;
  }
}

}  // namespace

int open_beneath(int root_fd, const std::string& relative, int flags, bool follow_symlinks) {
  if (relative.size() < PATH_MAX) return open_short(root_fd, relative, flags, follow_symlinks);
  return open_beneath(root_fd, std::string_view(relative), flags, follow_symlinks);
}

int open_beneath(int root_fd, std::string_view relative, int flags, bool follow_symlinks) {
  if (relative.size() < PATH_MAX) return open_short(root_fd, std::string(relative), flags, follow_symlinks);
  UniqueFd dir;
  int at = root_fd;
  while (relative.size() >= PATH_MAX) {
    std::size_t cut = relative.rfind('/', kPieceBytes);
    if (cut == std::string_view::npos || cut == 0) {
      errno = ENAMETOOLONG;  // one name longer than a piece: no file system allows it
      return -1;
    }
    int next = open_short(at, std::string(relative.substr(0, cut)), O_PATH | O_DIRECTORY, follow_symlinks);
    if (next < 0) return -1;
    dir.reset(next);
    at = next;
    relative.remove_prefix(cut + 1);
  }
  return open_short(at, std::string(relative), flags, follow_symlinks);
}

std::string describe_open_error(int err, bool follow_symlinks) {
  if (err == ELOOP && !follow_symlinks)
    return "cannot open: a symbolic link on its path, not followed (use --follow-symlinks)";
  return "cannot open: " + errno_text(err);
}

}  // namespace mpingest
