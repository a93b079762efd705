#include "corpus/enumerate_maildir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <memory>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "common/system_error.h"
#include "common/unique_fd.h"
#include "corpus/directory_queue.h"

namespace mpingest {
namespace {

ItemKind kind_from_mode(mode_t mode) {
  if (S_ISREG(mode)) return ItemKind::regular;
  if (S_ISLNK(mode)) return ItemKind::symlink;
  if (S_ISFIFO(mode)) return ItemKind::fifo;
  if (S_ISSOCK(mode)) return ItemKind::socket;
  if (S_ISCHR(mode)) return ItemKind::char_device;
  if (S_ISBLK(mode)) return ItemKind::block_device;
  return ItemKind::other;
}

// readdir(3)-based walk: d_type saves a stat per file on the filesystems
// that fill it in (ext4, xfs, tmpfs), which matters at 500,000 files.
// Alone it recurses into subdirectories; with a queue it leaves them there,
// for whichever walker of a parallel walk is free first.
class MaildirWalker {
 public:
  MaildirWalker(ItemList& items, const EnumerateOptions& options, DirectoryQueue* queue = nullptr)
      : items_(items), options_(options), queue_(queue) {}

  // Records a directory so that a symlink loop back to it is not walked again.
  void mark_visited(int dir_fd) {
    struct stat st {};
    if (::fstat(dir_fd, &st) == 0) visited_.insert({st.st_dev, st.st_ino});
  }

  void walk(int dir_fd, const std::string& prefix) {
    // Owns dir_fd once opened; closed however the walk ends (bad_alloc included).
    std::unique_ptr<DIR, int (*)(DIR*)> owner(::fdopendir(dir_fd), ::closedir);
    DIR* dir = owner.get();
    if (dir == nullptr) {
      int err = errno;
      ::close(dir_fd);
      items_.add(prefix.empty() ? "." : prefix.substr(0, prefix.size() - 1),
                 ItemKind::unreadable_directory, err);
      return;
    }
    ::rewinddir(dir);  // the root's descriptor was probed through a dup sharing its offset
    std::string path;
    while (true) {
      errno = 0;
      const dirent* entry = ::readdir(dir);
      if (entry == nullptr) break;
      std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      path.assign(prefix).append(name);
      visit(::dirfd(dir), name, path, entry->d_type);
    }
  }

  // Parallel walk: lists a directory taken from the queue, named relative to
  // the root ("" for the root itself).
  void walk_queued(int root_fd, const std::string& path) {
    open_and_walk(root_fd, path.empty() ? "." : path.c_str(), path);
  }

 private:
  void visit(int parent_fd, std::string_view name, const std::string& path, unsigned char d_type) {
    std::string name_z(name);
    ItemKind kind;
    bool is_dir = false;
    if (d_type == DT_REG) {
      kind = ItemKind::regular;
    } else if (d_type == DT_DIR) {
      is_dir = true;
      kind = ItemKind::other;
    } else {
      struct stat st {};
      if (::fstatat(parent_fd, name_z.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        items_.add(path, ItemKind::unreadable_directory, errno);  // vanished or unreadable
        return;
      }
      is_dir = S_ISDIR(st.st_mode);
      kind = kind_from_mode(st.st_mode);
    }
    if (kind == ItemKind::symlink && options_.follow_symlinks) {
      struct stat target {};
      if (::fstatat(parent_fd, name_z.c_str(), &target, 0) != 0) {
        items_.add(path, ItemKind::dangling_symlink, errno);
        return;
      }
      is_dir = S_ISDIR(target.st_mode);
      kind = kind_from_mode(target.st_mode);
    }
    if (is_dir) {
      descend(parent_fd, name_z, path);
      return;
    }
    items_.add(path, kind);
  }

  void descend(int parent_fd, const std::string& name, const std::string& path) {
    if (queue_ != nullptr) {
      queue_->push(path);
      return;
    }
    open_and_walk(parent_fd, name.c_str(), path);
  }

  // Opens directory `name` under `at_fd` and walks it; `path` is its path
  // relative to the root, for its items and for its error item if it cannot
  // be opened (or, following links, was walked already).
  void open_and_walk(int at_fd, const char* name, const std::string& path) {
    int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (options_.follow_symlinks ? 0 : O_NOFOLLOW);
    int fd = ::openat(at_fd, name, flags);
    if (fd < 0) {
      items_.add(path, ItemKind::unreadable_directory, errno);
      return;
    }
    if (options_.follow_symlinks) {
      // Following links can revisit a directory (a loop): walk each directory once.
      struct stat st {};
      if (::fstat(fd, &st) == 0 && !visited_.insert({st.st_dev, st.st_ino}).second) {
        ::close(fd);
        items_.add(path, ItemKind::unreadable_directory, ELOOP);
        return;
      }
    }
    walk(fd, path.empty() ? "" : path + "/");
  }

  ItemList& items_;
  const EnumerateOptions& options_;
  DirectoryQueue* queue_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

// `threads` walkers list directories from one queue, each into its own list,
// and sort it; the sorted lists are merged, so the order is the serial walk's.
// Directories travel as paths relative to the root (an open descriptor per
// queued directory could run out of descriptors on a wide tree), opened as
// the serial walk opens them.
void walk_in_parallel(UniqueFd root_fd, ItemList& items, const EnumerateOptions& options, unsigned threads) {
  DirectoryQueue queue;
  queue.push("");
  std::vector<ItemList> found(threads, ItemList(items.root()));
  // An exception (out of memory) must not end the process from a thread, nor
  // leave a directory counted as being listed: it is kept and rethrown.
  std::vector<std::exception_ptr> failed(threads);
  std::vector<std::thread> walkers;
  for (unsigned t = 0; t < threads; ++t) {
    walkers.emplace_back([&, t] {
      MaildirWalker walker(found[t], options, &queue);
      std::string path;
      while (queue.pop(path)) {
        try {
          walker.walk_queued(root_fd.get(), path);
        } catch (...) {
          if (!failed[t]) failed[t] = std::current_exception();
        }
        queue.done();
      }
      try {
        found[t].sort_by_path();
      } catch (...) {
        if (!failed[t]) failed[t] = std::current_exception();
      }
    });
  }
  for (std::thread& walker : walkers) walker.join();
  for (const std::exception_ptr& failure : failed) {
    if (failure) std::rethrow_exception(failure);
  }
  items.merge_sorted(found);
}

}  // namespace

unsigned listing_threads(const EnumerateOptions& options) {
  return options.follow_symlinks ? 1 : std::max(options.threads, 1u);
}

unsigned listing_threads_for_workers(unsigned workers) {
  return std::clamp(workers, 1u, std::max(1u, std::thread::hardware_concurrency()));
}

ItemList enumerate_maildir(const std::string& root, const EnumerateOptions& options) {
  UniqueFd root_fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid()) {
    int err = errno;
    if (err == ENOTDIR) throw UsageError("--input " + root + ": not a directory (a maildir root is expected)");
    throw UsageError("--input " + root + ": " + errno_text(err));
  }
  // Check readability now: a root we cannot list is a usage error, not an item.
  DIR* probe = ::fdopendir(::dup(root_fd.get()));
  if (probe == nullptr || (errno = 0, ::readdir(probe) == nullptr && errno != 0)) {
    int err = errno;
    if (probe != nullptr) ::closedir(probe);
    throw UsageError("--input " + root + ": " + errno_text(err));
  }
  ::closedir(probe);

  ItemList items(root);
  unsigned threads = listing_threads(options);
  if (threads > 1) {
    walk_in_parallel(std::move(root_fd), items, options, threads);
  } else {
    MaildirWalker walker(items, options);
    walker.mark_visited(root_fd.get());
    walker.walk(root_fd.release(), "");
    items.sort_by_path();
  }
  return items;
}

}  // namespace mpingest
