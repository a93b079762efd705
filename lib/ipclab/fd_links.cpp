#include "ipclab/fd_links.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "common/system_error.h"

namespace mpingest {
namespace {

void make_pipe(UniqueFd& read_end, UniqueFd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_system_error("ipc: pipe", errno);
  read_end.reset(fds[0]);
  write_end.reset(fds[1]);
}

}  // namespace

void set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) throw_system_error("ipc: fcntl", errno);
}

ssize_t read_available(int fd, bool socket, char* out, std::size_t max) {
  while (true) {
    ssize_t n = socket ? ::recv(fd, out, max, MSG_DONTWAIT) : ::read(fd, out, max);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return -1;
    throw_system_error("ipc: read", errno);
  }
}

LinkFds make_pipe_link() {
  LinkFds link;
  make_pipe(link.parent_read, link.worker_write);
  make_pipe(link.worker_read, link.parent_write);
  set_nonblocking(link.parent_read.get());
  set_nonblocking(link.worker_read.get());
  return link;
}

LinkFds make_socket_link() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) throw_system_error("ipc: socketpair", errno);
  LinkFds link;
  link.parent_read.reset(fds[0]);
  link.worker_read.reset(fds[1]);
  return link;
}

void close_other_ends(std::vector<LinkFds>& links, int keep_worker, bool in_parent) {
  for (std::size_t i = 0; i < links.size(); ++i) {
    LinkFds& link = links[i];
    bool mine = !in_parent && static_cast<int>(i) == keep_worker;
    if (in_parent || !mine) {
      link.worker_read.reset();
      link.worker_write.reset();
    }
    if (!in_parent) {
      link.parent_read.reset();
      link.parent_write.reset();
    }
  }
}

}  // namespace mpingest
