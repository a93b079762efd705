#pragma once
// Opening an item the way the listing saw it, whatever happened since.
//
// Items are paths relative to the input root. Without --follow-symlinks no
// component of the path may be a symbolic link: a directory swapped for a
// link to /etc after the listing must not be read (openat2(2) with
// RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH; where the kernel has no openat2, a
// walk that opens one component at a time with O_NOFOLLOW). With
// --follow-symlinks links are followed, as the listing followed them.
//
// A path longer than PATH_MAX (thousands of nested directories) is opened
// in pieces shorter than that, each relative to the directory the last
// piece opened, so deep trees read the same in every mode.

#include <string>
#include <string_view>

namespace mpingest {

// Opens `relative` below the directory open at `root_fd` with `flags`
// (O_CLOEXEC is added). Returns the descriptor, or -1 with errno set;
// ELOOP means a symbolic link on the path was refused. The string form
// copies nothing for a path shorter than PATH_MAX (the per-item case).
int open_beneath(int root_fd, const std::string& relative, int flags, bool follow_symlinks);
int open_beneath(int root_fd, std::string_view relative, int flags, bool follow_symlinks);

// The error text for an item open_beneath() could not open.
std::string describe_open_error(int err, bool follow_symlinks);

}  // namespace mpingest
