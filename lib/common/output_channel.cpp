#include "common/output_channel.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/interrupt.h"
#include "common/mapped_file.h"
#include "common/stopwatch.h"
#include "common/system_error.h"

namespace mpingest {
namespace {

constexpr int kPollMs = 50;  // how often a blocked write looks at the stop flag

bool g_closed_at_start[3] = {false, false, false};  // by guard_standard_descriptors

}  // namespace

OutputChannel::OutputChannel(int fd, UniqueFd owned, std::string name)
    : fd_(fd), owned_(std::move(owned)), name_(std::move(name)) {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return;
  regular_ = S_ISREG(st.st_mode);
  if (regular_ || S_ISBLK(st.st_mode)) return;  // a file: writes never wait long
  if (S_ISSOCK(st.st_mode)) {
    socket_ = true;  // send(MSG_DONTWAIT) leaves the socket's own flags alone
    return;
  }
  // A pipe, FIFO, terminal or socket can block for ever. A private
  // description of the same object can be made non-blocking without
  // surprising whoever shares ours (a shell, a terminal).
  std::string self = "/proc/self/fd/" + std::to_string(fd_);
  UniqueFd mine(::open(self.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (!mine.valid()) return;  // no /proc: blocking writes, which a signal still interrupts (EINTR)
  owned_ = std::move(mine);
  fd_ = owned_.get();
}

OutputChannel OutputChannel::create_file(const std::string& path) {
  int fd;
  do {
    // A FIFO by name waits here for its reader; a stop signal interrupts it.
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
  } while (fd < 0 && errno == EINTR && stop_requested() == 0);
  if (fd < 0) {
    if (errno == EINTR) throw_if_stop_requested();
    int err = errno;
    if (is_resource_errno(err)) throw_system_error(path, err);
    throw UsageError(path + ": " + errno_text(err));
  }
  return OutputChannel(fd, UniqueFd(fd), path);
}

OutputChannel OutputChannel::continue_file(const std::string& path, std::uint64_t keep, std::string_view tail) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) throw UsageError(path + ": " + errno_text(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw UsageError(path + ": " + errno_text(errno));
  if (!S_ISREG(st.st_mode)) throw UsageError(path + " is " + describe_file_type(st.st_mode) + ", not a regular file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size < keep)
    throw UsageError(path + " holds " + std::to_string(size) + " bytes, fewer than the " + std::to_string(keep) +
                     " it had");
  std::string found(tail.size(), '\0');
  const auto at = static_cast<off_t>(keep - tail.size());
  if (::pread(fd.get(), found.data(), found.size(), at) != static_cast<ssize_t>(found.size()) || found != tail)
    throw UsageError(path + " does not hold, before byte " + std::to_string(keep) + ", what was written there");
  if (::ftruncate(fd.get(), static_cast<off_t>(keep)) != 0 || ::lseek(fd.get(), 0, SEEK_END) < 0)
    throw_system_error(path, errno);
  const int raw = fd.get();
  return OutputChannel(raw, std::move(fd), path);
}

void OutputChannel::sync() {
  if (regular_ && ::fdatasync(fd_) != 0) throw_system_error("cannot sync " + name_, errno);
}

OutputChannel OutputChannel::standard(int fd) {
  OutputChannel channel(fd, UniqueFd(), fd == STDERR_FILENO ? "stderr" : "stdout");
  channel.closed_ = fd >= 0 && fd <= 2 && g_closed_at_start[fd];
  return channel;
}

void OutputChannel::wait_writable(std::int64_t& stop_deadline_ns) {
  pollfd p{fd_, POLLOUT, 0};
  int ready = ::poll(&p, 1, kPollMs);
  if (ready < 0 && errno != EINTR) throw_system_error("poll " + name_, errno);
  if (stop_requested_or_pending() == 0) return;
  std::int64_t now = steady_ns();
  if (stop_deadline_ns == 0) stop_deadline_ns = now + std::int64_t{kStopGraceMs} * 1'000'000;
  if (now >= stop_deadline_ns) {
    Interrupted stop(stop_requested());
    stop.set_progress(name_ + " ends mid-record: its reader took nothing more");
    throw stop;
  }
}

void OutputChannel::write_all(std::string_view data) {
  if (closed_ && !data.empty()) throw ResourceError("cannot write " + name_ + ": it was closed when mpingest started");
  std::int64_t stop_deadline_ns = 0;
  // A file that fills up mid-write keeps no part of this write: callers
  // write whole records, so the file still ends at a record boundary.
  const off_t start = regular_ ? ::lseek(fd_, 0, SEEK_CUR) : -1;
  while (!data.empty()) {
    ssize_t n = socket_ ? ::send(fd_, data.data(), data.size(), MSG_DONTWAIT | MSG_NOSIGNAL)
                        : ::write(fd_, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      written_ += static_cast<std::uint64_t>(n);
      continue;
    }
    int err = n < 0 ? errno : EAGAIN;
    if (err == EINTR || err == EAGAIN) {
      // A blocking description interrupted by a signal: wait as if non-blocking.
      wait_writable(stop_deadline_ns);
      continue;
    }
    if (err == EPIPE) throw OutputClosed(name_ + ": the reader closed the pipe");
    if (start >= 0 && ::ftruncate(fd_, start) == 0) {
      ::lseek(fd_, start, SEEK_SET);
      throw ResourceError("cannot write " + name_ + ": " + errno_text(err) + "; it ends at the last whole record");
    }
    throw ResourceError("cannot write " + name_ + ": " + errno_text(err));
  }
}

void guard_standard_descriptors() {
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO}) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    g_closed_at_start[fd] = true;
    int null = ::open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
    if (null >= 0 && null != fd) {
      ::dup2(null, fd);
      ::close(null);
    }
  }
}

}  // namespace mpingest
