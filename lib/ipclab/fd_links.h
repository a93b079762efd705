#pragma once
// Descriptors for the lab's links, made before fork: a pipe each way, or a
// socket pair. The parent reads without blocking (it waits in ppoll on many
// workers); writers block, which is the back-pressure.

#include <sys/types.h>

#include <cstddef>
#include <vector>

#include "common/unique_fd.h"

namespace mpingest {

struct LinkFds {
  UniqueFd parent_read, parent_write;  // the parent's end (one socket for both with a socket pair)
  UniqueFd worker_read, worker_write;  // the worker's
};

// Two pipes: worker -> parent and parent -> worker. Throws ResourceError / RunError.
LinkFds make_pipe_link();
// A SOCK_STREAM Unix socket pair, one socket per side (in both *_read).
LinkFds make_socket_link();
// Keeps `keep` (in a worker: its own link) and closes every descriptor of
// the others; in the parent, `keep` = -1 closes the workers' halves instead.
void close_other_ends(std::vector<LinkFds>& links, int keep_worker, bool in_parent);

void set_nonblocking(int fd);

// Reads what is there without blocking (a socket with MSG_DONTWAIT, a pipe
// set non-blocking): bytes read, 0 at EOF, -1 if nothing is there now.
// Throws RunError on a read error.
ssize_t read_available(int fd, bool socket, char* out, std::size_t max);

}  // namespace mpingest
