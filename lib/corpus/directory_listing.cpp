#include "corpus/directory_listing.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "common/system_error.h"

namespace mpingest {
namespace {

// getdents64 fills whole records up to this size; 32 KiB is what glibc's
// readdir asks for, a few hundred Enron file names a call.
constexpr std::size_t kBufferBytes = 32 * 1024;

ItemKind kind_from_mode(mode_t mode) {
  if (S_ISREG(mode)) return ItemKind::regular;
  if (S_ISLNK(mode)) return ItemKind::symlink;
  if (S_ISFIFO(mode)) return ItemKind::fifo;
  if (S_ISSOCK(mode)) return ItemKind::socket;
  if (S_ISCHR(mode)) return ItemKind::char_device;
  if (S_ISBLK(mode)) return ItemKind::block_device;
  return ItemKind::other;
}

}  // namespace

// d_type saves a stat per file on the filesystems that fill it in (ext4,
// xfs, tmpfs), which matters at 500,000 files.
void DirectoryListing::add(int dir_fd, const char* name, unsigned char d_type, bool follow_symlinks) {
  Entry entry;
  bool is_directory = false;
  if (d_type == DT_REG) {
    entry.kind = ItemKind::regular;
  } else if (d_type == DT_DIR) {
    is_directory = true;
  } else {
    struct stat st {};
    if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      entry.kind = ItemKind::unreadable_directory;  // vanished or unreadable
      entry.error_number = errno;
    } else {
      is_directory = S_ISDIR(st.st_mode);
      entry.kind = kind_from_mode(st.st_mode);
    }
  }
  if (entry.kind == ItemKind::symlink && follow_symlinks) {
    struct stat target {};
    if (::fstatat(dir_fd, name, &target, 0) != 0) {
      entry.kind = ItemKind::dangling_symlink;
      entry.error_number = errno;
    } else {
      is_directory = S_ISDIR(target.st_mode);
      entry.kind = kind_from_mode(target.st_mode);
    }
  }
  if (is_directory) entry.kind = ItemKind::other;
  // Offsets are 32-bit to keep entries small for the sort: 4 GiB of names
  // in one directory (tens of millions of entries) is refused, not wrapped.
  if (keys_.size() > UINT32_MAX - 512) throw RunError("a directory holds more than 4 GiB of file names");
  entry.key_offset = static_cast<std::uint32_t>(keys_.size());
  keys_.append(name);
  if (is_directory) keys_.push_back('/');
  entry.key_size = static_cast<std::uint32_t>(keys_.size() - entry.key_offset);
  entries_.push_back(entry);
}

DirectoryListing DirectoryListing::read(int dir_fd, bool follow_symlinks, std::vector<char>& buffer) {
  DirectoryListing listing;
  if (buffer.size() < kBufferBytes) buffer.resize(kBufferBytes);
  while (true) {
    ssize_t got = ::getdents64(dir_fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      listing.error_number_ = errno;
      break;
    }
    if (got == 0) break;
    for (ssize_t at = 0; at < got;) {
      const auto* record = reinterpret_cast<const dirent64*>(buffer.data() + at);
      at += record->d_reclen;
      const char* name = record->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
      listing.add(dir_fd, name, record->d_type, follow_symlinks);
    }
  }
  std::sort(listing.entries_.begin(), listing.entries_.end(),
            [&listing](const Entry& a, const Entry& b) { return listing.key(a) < listing.key(b); });
  return listing;
}

}  // namespace mpingest
