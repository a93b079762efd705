#include "corpus/enumerate_maildir.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <exception>
#include <set>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "common/interrupt.h"
#include "common/test_hooks.h"
#include "common/system_error.h"
#include "common/unique_fd.h"
#include "corpus/directory_listing.h"
#include "corpus/directory_queue.h"
#include "corpus/open_beneath.h"

namespace mpingest {
namespace {

int open_directory(int at_fd, const char* name, const EnumerateOptions& options) {
  return ::openat(at_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (options.follow_symlinks ? 0 : O_NOFOLLOW));
}

// Out of descriptors or memory says nothing about the directory: the
// listing fails (exit 5) rather than list it as an error item.
void fail_if_out_of_resources(const std::string& directory, int err) {
  if (is_resource_errno(err)) throw_system_error("cannot list " + (directory.empty() ? "." : directory), err);
}

// Adds a directory's error item: it could not be opened (or read to its end,
// or, following links, was walked already).
void add_directory_error(ItemList& items, const std::string& directory, int err) {
  items.add(directory.empty() ? "." : directory, ItemKind::unreadable_directory, err);
}

// Adds one listed directory's items in path order. `path` holds the
// directory's path relative to the root ("" for the root); it is extended
// for each entry and given back as it came. A subdirectory is handed to
// `descend(name_at)`, with `path` its path and its name at path[name_at...],
// to add its own items at its place.
template <class Descend>
void add_listed(ItemList& items, const DirectoryListing& listing, std::string& path, Descend&& descend) {
  if (listing.error_number() != 0) add_directory_error(items, path, listing.error_number());
  const std::size_t directory_size = path.size();
  if (!path.empty()) path.push_back('/');
  const std::size_t name_at = path.size();
  for (const DirectoryListing::Entry& entry : listing.entries()) {
    path.resize(name_at);
    path.append(listing.name(entry));
    if (listing.is_directory(entry)) {
      descend(name_at);
    } else {
      items.add(path, entry.kind, entry.error_number);
    }
  }
  path.resize(directory_size);
}

// The serial walk: depth-first, each directory's entries in key order, so
// items are added in path order as they are found.
class SerialWalk {
 public:
  SerialWalk(ItemList& items, const EnumerateOptions& options) : items_(items), options_(options) {}

  void walk(int dir_fd, const DirectoryListing& listing, std::string& path) {
    throw_if_stop_requested();  // once a directory: a stop signal ends the listing at once
    test_slow_step("listing");
    add_listed(items_, listing, path, [&](std::size_t name_at) {
      UniqueFd sub_fd(open_directory(dir_fd, path.c_str() + name_at, options_));
      if (!sub_fd.valid()) {
        fail_if_out_of_resources(path, errno);
        add_directory_error(items_, path, errno);
      } else if (options_.follow_symlinks && !first_visit(sub_fd.get())) {
        add_directory_error(items_, path, ELOOP);  // a loop: walked once already
      } else {
        walk(sub_fd.get(), DirectoryListing::read(sub_fd.get(), options_.follow_symlinks, buffer_), path);
      }
    });
  }

  // Following links can revisit a directory (a loop): each is walked once,
  // the first link in path order.
  bool first_visit(int dir_fd) {
    struct stat st {};
    return ::fstat(dir_fd, &st) != 0 || visited_.insert({st.st_dev, st.st_ino}).second;
  }

 private:
  ItemList& items_;
  const EnumerateOptions& options_;
  std::vector<char> buffer_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

// The parallel walk: `threads` walkers list directories from one queue into
// a tree of listings; then one thread walks that tree in the serial walk's
// order. Directories travel as paths relative to the root (an open descriptor
// per queued directory could run out of descriptors on a wide tree), each
// with the node its listing goes to. Never used with follow_symlinks.
class ParallelWalk {
 public:
  ParallelWalk(int root_fd, const EnumerateOptions& options) : root_fd_(root_fd), options_(options) {}

  // Returns how many threads listed.
  unsigned run(DirectoryListing root_listing, unsigned threads) {
    nodes_.resize(threads);
    sizes_.resize(threads);
    root_.listing = std::move(root_listing);
    sizes_[0].add(std::string(), root_.listing);
    enqueue_subdirectories(std::string(), root_, nodes_[0]);
    // An exception (out of memory) must not end the process from a thread, nor
    // leave a directory counted as being listed: it is kept and rethrown.
    std::vector<std::exception_ptr> failed(threads);
    auto walker = [this, &failed](unsigned t) {
      std::vector<char> buffer;
      Pending directory;
      while (queue_.pop(directory)) {
        try {
          // A stop signal: what is queued is skipped, so the queue drains at once.
          if (stop_requested() == 0) {
            test_slow_step("listing");
            list(directory, nodes_[t], sizes_[t], buffer);
          }
        } catch (...) {
          if (!failed[t]) failed[t] = std::current_exception();
        }
        queue_.done();
      }
    };
    // Where no more threads can be had (ulimit -u, memory for a stack), the
    // walk goes on with those it has, or on this thread if it has none.
    // (This thread does not walk beside them: measured, that made the
    // listing of the Enron sample 3 ms slower, 12 against 9.)
    std::vector<std::thread> walkers;
    for (unsigned t = 0; t < threads; ++t) {
      try {
        walkers.emplace_back(walker, t);
      } catch (const std::system_error&) {
        break;
      }
    }
    if (walkers.empty()) walker(0);
    for (std::thread& thread : walkers) thread.join();
    throw_if_stop_requested();
    for (const std::exception_ptr& failure : failed) {
      if (failure) std::rethrow_exception(failure);
    }
    return std::max<unsigned>(static_cast<unsigned>(walkers.size()), 1);
  }

  void add_items(ItemList& items) {
    ListedSize all;
    for (const ListedSize& size : sizes_) all.merge(size);
    items.reserve(all.entries, all.path_bytes);
    std::string path;
    add_tree(items, root_, path);
  }

 private:
  struct Node {
    int open_errno = 0;  // the directory could not be opened
    DirectoryListing listing;
    std::vector<const Node*> subdirectories;  // in the listing's order
  };
  struct Pending {
    std::string path;
    Node* node = nullptr;
  };
  // What one walker listed, an upper bound on what it adds to the list
  // (subdirectories are counted as entries too).
  struct ListedSize {
    std::size_t entries = 0;
    std::size_t path_bytes = 0;
    void add(const std::string& directory, const DirectoryListing& listing) {
      entries += listing.entries().size() + (listing.error_number() != 0 ? 1 : 0);
      path_bytes += listing.entries().size() * (directory.size() + 1) + listing.key_bytes() + directory.size();
    }
    void merge(const ListedSize& other) {
      entries += other.entries;
      path_bytes += other.path_bytes;
    }
  };

  // Each subdirectory gets its node now, from the lister's own pool (a deque:
  // nodes never move), so that the tree is linked before anyone lists it.
  void enqueue_subdirectories(const std::string& directory, Node& node, std::deque<Node>& pool) {
    for (const DirectoryListing::Entry& entry : node.listing.entries()) {
      if (!node.listing.is_directory(entry)) continue;
      Node* child = &pool.emplace_back();
      node.subdirectories.push_back(child);
      std::string path = directory.empty() ? std::string() : directory + "/";
      path.append(node.listing.name(entry));
      queue_.push({std::move(path), child});
    }
  }

  void list(const Pending& directory, std::deque<Node>& pool, ListedSize& size, std::vector<char>& buffer) {
    // By its path from the root: through no symbolic link (a directory swapped
    // for one since its parent was listed), in pieces if longer than PATH_MAX.
    UniqueFd fd(open_beneath(root_fd_, directory.path, O_RDONLY | O_DIRECTORY, options_.follow_symlinks));
    if (!fd.valid()) {
      fail_if_out_of_resources(directory.path, errno);
      directory.node->open_errno = errno;
      return;
    }
    directory.node->listing = DirectoryListing::read(fd.get(), options_.follow_symlinks, buffer);
    size.add(directory.path, directory.node->listing);
    enqueue_subdirectories(directory.path, *directory.node, pool);
  }

  // As SerialWalk::walk, over the listed tree.
  void add_tree(ItemList& items, const Node& node, std::string& path) {
    auto subdirectory = node.subdirectories.begin();
    add_listed(items, node.listing, path, [&](std::size_t) {
      const Node& child = **subdirectory++;
      if (child.open_errno != 0) {
        add_directory_error(items, path, child.open_errno);
      } else {
        add_tree(items, child, path);
      }
    });
  }

  int root_fd_;
  const EnumerateOptions& options_;
  DirectoryQueue<Pending> queue_;
  Node root_;
  std::vector<std::deque<Node>> nodes_;  // per walker: the nodes of the subdirectories it found
  std::vector<ListedSize> sizes_;        // per walker
};

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
  // The root is listed first, here: a root we cannot list is a usage error, not an item.
  std::vector<char> buffer;
  DirectoryListing root_listing = DirectoryListing::read(root_fd.get(), options.follow_symlinks, buffer);
  if (root_listing.error_number() != 0) throw UsageError("--input " + root + ": " + errno_text(root_listing.error_number()));

  ItemList items(root);
  unsigned threads = listing_threads(options);
  if (options.threads_used != nullptr) *options.threads_used = 1;
  if (threads > 1) {
    {
      ParallelWalk walk(root_fd.get(), options);
      unsigned used = walk.run(std::move(root_listing), threads);
      if (options.threads_used != nullptr) *options.threads_used = used;
      walk.add_items(items);
    }
    // The walkers' tree of listings is freed now, but into their threads'
    // malloc arenas, which glibc does not shrink: the dead pages would stay
    // resident, and every forked worker would inherit them in its peak RSS
    // (7-15 MiB of them at 520,000 items). Hand them back to the kernel.
    ::malloc_trim(0);
  } else {
    SerialWalk walk(items, options);
    walk.first_visit(root_fd.get());
    std::string path;
    walk.walk(root_fd.get(), root_listing, path);
  }
  // Depth-first in key order is path order, but for one case: a directory
  // that is an error item sorts as "name", not "name/", which puts it after
  // a sibling such as "name.bak". A linear check finds that, and a sort
  // (rarely needed) puts it right.
  if (!items.is_sorted_by_path()) items.sort_by_path();
  return items;
}

}  // namespace mpingest
