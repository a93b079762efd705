#pragma once
// Reads a batch of small files with io_uring: one system call submits, for
// every file, the chain openat -> read -> read -> close that FileReader would
// make as four system calls. On a small-file corpus the kernel's per-call
// entry and exit are a fifth of the read cost (docs/design.md, "Reading").
//
// It is only a fast path for the common case. A file it cannot vouch for
// (open or read failed, empty, as large as a slot or as --max-bytes, more
// bytes behind the first read) is left to the caller, who reads it again the
// plain way: FileReader then decides, with the same errors as without
// io_uring. So the results never depend on which path read a file.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct io_uring;  // liburing's, kept out of this header
struct open_how;  // the kernel's (linux/openat2.h)

namespace mpingest {

class UringBatchReader {
 public:
  static constexpr std::size_t kSlots = 32;              // files per submission
  static constexpr std::size_t kSlotBytes = 64 * 1024;  // as FileReader's first read

  // A reader whose files are opened relative to `root_fd` (not owned, must
  // outlive it), or nullptr with `why_not` set when this kernel or sandbox
  // has no usable io_uring (too old, disabled, or refused by seccomp).
  // Files are opened as open_beneath.h does: through no symbolic link
  // unless `follow_symlinks` (openat2 with RESOLVE_NO_SYMLINKS); a path of
  // PATH_MAX bytes or more is left to the caller.
  static std::unique_ptr<UringBatchReader> create(int root_fd, std::string& why_not, bool follow_symlinks = false);
  ~UringBatchReader();
  UringBatchReader(const UringBatchReader&) = delete;
  UringBatchReader& operator=(const UringBatchReader&) = delete;

  // Reads the first kSlots of `paths` (relative to the root), never more
  // than `max_bytes` of any. Afterwards bytes(k) is file k's content.
  // Returns false if the submission itself failed: every file is then left
  // to the caller, now and in every later read().
  bool read(const std::vector<std::string_view>& paths, std::uint64_t max_bytes);

  // The whole of file k of the last read(), valid until the next read(), or
  // nothing: the caller must read that file itself.
  std::optional<std::string_view> bytes(std::size_t k) const;

 private:
  struct Slot {
    std::int32_t first_read = -1;  // bytes, or -errno
    std::int32_t probe = -1;       // the read that must find end of file: 0, or not
    std::uint32_t limit = 0;       // what the first read asked for
  };
  UringBatchReader(int root_fd, std::unique_ptr<io_uring> ring, bool follow_symlinks);
  bool collect(std::size_t expected);
  void give_up();

  int root_fd_;
  std::unique_ptr<io_uring> ring_;
  std::unique_ptr<open_how> how_;  // of every open: stays put while the kernel reads it  // initialised: queue_exit'ed by the destructor
  // kSlots * kSlotBytes for the first reads, then one byte a slot for the
  // probes; calloc'ed (see .cpp).
  std::unique_ptr<char, void (*)(void*)> buffers_;
  std::vector<Slot> slots_;
  std::string path_bytes_;  // the batch's paths, NUL-terminated, back to back
  bool broken_ = false;  // a submission failed: io_uring is not used again
};

}  // namespace mpingest
