#include "common/resource_limits.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common/system_error.h"

namespace mpingest {

std::size_t open_descriptors() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return 3;  // no /proc: assume the standard three
  std::size_t count = 0;
  while (const dirent* entry = ::readdir(dir)) count += entry->d_name[0] != '.';
  ::closedir(dir);
  return count > 0 ? count - 1 : 0;  // the directory's own descriptor
}

void ensure_descriptors(std::size_t more, const std::string& what) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t needed = static_cast<rlim_t>(open_descriptors() + more);
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed) return;
  if (limit.rlim_max == RLIM_INFINITY || limit.rlim_max >= needed) {
    limit.rlim_cur = needed;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) return;
  }
  throw ResourceError(what + " needs about " + std::to_string(needed) + " open files, but the limit (ulimit -n) is " +
                      std::to_string(limit.rlim_cur) + ": use fewer --shards, or raise the limit");
}

void ensure_processes(std::size_t processes, const std::string& what) {
  rlimit limit{};
  if (::geteuid() == 0 || ::getrlimit(RLIMIT_NPROC, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return;
  if (processes <= limit.rlim_cur) return;
  throw ResourceError(what + " needs " + std::to_string(processes) + " processes, but the limit (ulimit -u) is " +
                      std::to_string(limit.rlim_cur) + ": use fewer --shards, or raise the limit");
}

std::string process_limit_hint() {
  // A thread needs a slot under ulimit -u and address space for its stack under ulimit -v.
  std::string hint;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NPROC, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    hint = "ulimit -u is " + std::to_string(limit.rlim_cur);
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    hint += (hint.empty() ? "" : ", ") + std::string("ulimit -v is ") + std::to_string(limit.rlim_cur / 1024);
  return hint.empty() ? hint : " (" + hint + ")";
}

}  // namespace mpingest
