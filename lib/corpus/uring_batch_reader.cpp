#include "corpus/uring_batch_reader.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <liburing.h>

#include <algorithm>
#include <climits>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/system_error.h"

namespace mpingest {
namespace {

// The four steps of a file's chain, kept in the low bits of user_data.
enum Step : std::uint64_t { kOpen = 0, kRead = 1, kProbe = 2, kClose = 3 };
constexpr std::uint64_t kStepBits = 2;
constexpr unsigned kEntries = UringBatchReader::kSlots * 4;
constexpr std::uint64_t kFilePosition = ~std::uint64_t{0};  // offset -1: read(2)'s file position

std::string kernel_error(const char* what, int negative_errno) { return what + (": " + errno_text(-negative_errno)); }

bool supports_every_op(io_uring& ring, std::string& why_not) {
  io_uring_probe* probe = io_uring_get_probe_ring(&ring);
  if (probe == nullptr) {
    why_not = "io_uring: cannot probe the kernel's operations";
    return false;
  }
  bool all = io_uring_opcode_supported(probe, IORING_OP_OPENAT2) && io_uring_opcode_supported(probe, IORING_OP_READ) &&
             io_uring_opcode_supported(probe, IORING_OP_CLOSE);
  io_uring_free_probe(probe);
  if (!all) why_not = "io_uring: this kernel cannot open, read or close through it";
  return all;
}

}  // namespace

std::unique_ptr<UringBatchReader> UringBatchReader::create(int root_fd, std::string& why_not, bool follow_symlinks) {
  auto ring = std::make_unique<io_uring>();
  if (int r = io_uring_queue_init(kEntries, ring.get(), 0); r < 0) {
    why_not = kernel_error("io_uring unavailable", r);  // ENOSYS: too old; EPERM: disabled or seccomp
    return nullptr;
  }
  if (!supports_every_op(*ring, why_not)) {
    io_uring_queue_exit(ring.get());
    return nullptr;
  }
  // Direct descriptors: each chain opens into its slot of this table, so no
  // file ever enters the process's descriptor table (Linux 5.19 and later).
  if (int r = io_uring_register_files_sparse(ring.get(), kSlots); r < 0) {
    why_not = kernel_error("io_uring: cannot register a file table", r);
    io_uring_queue_exit(ring.get());
    return nullptr;
  }
  return std::unique_ptr<UringBatchReader>(new UringBatchReader(root_fd, std::move(ring), follow_symlinks));
}

// calloc, not new[]: zeroed pages the allocator maps lazily, so only the
// bytes files fill are touched, and valgrind sees defined memory where the
// kernel (invisible to it) writes.
UringBatchReader::UringBatchReader(int root_fd, std::unique_ptr<io_uring> ring, bool follow_symlinks)
    : root_fd_(root_fd),
      ring_(std::move(ring)),
      how_(std::make_unique<open_how>()),
      buffers_(static_cast<char*>(std::calloc(kSlots * kSlotBytes + kSlots, 1)), std::free),
      slots_(kSlots) {
  if (!buffers_) {
    io_uring_queue_exit(ring_.get());
    throw std::bad_alloc();
  }
  // O_NONBLOCK: a FIFO that replaced the file must not hang the worker.
  // No O_CLOEXEC: a direct descriptor is never in the descriptor table.
  how_->flags = O_RDONLY | O_NONBLOCK | O_NOCTTY;
  how_->resolve = follow_symlinks ? 0 : RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;
}

UringBatchReader::~UringBatchReader() { io_uring_queue_exit(ring_.get()); }

bool UringBatchReader::read(const std::vector<std::string_view>& paths, std::uint64_t max_bytes) {
  for (Slot& slot : slots_) slot = Slot{};
  if (broken_) return false;
  std::size_t n = std::min(paths.size(), kSlots);
  for (std::size_t k = 0; k < n; ++k) {
    if (paths[k].size() >= PATH_MAX) n = k;  // open_beneath.h takes it and the rest in pieces
  }
  auto limit = static_cast<std::uint32_t>(std::min<std::uint64_t>(kSlotBytes, max_bytes));
  char* probes = buffers_.get() + kSlots * kSlotBytes;
  // The kernel copies a path when it takes the request; until then it must
  // stay put, so the buffer is sized first and never grows below.
  std::size_t path_total = 0;
  for (std::size_t k = 0; k < n; ++k) path_total += paths[k].size() + 1;
  path_bytes_.clear();
  path_bytes_.reserve(path_total);
  for (std::size_t k = 0; k < n; ++k) {
    const char* path = path_bytes_.data() + path_bytes_.size();
    path_bytes_.append(paths[k]);
    path_bytes_.push_back('\0');
    slots_[k] = Slot{-ECANCELED, -ECANCELED, limit};
    auto slot = static_cast<unsigned>(k);
    std::uint64_t tag = k << kStepBits;
    io_uring_sqe* sqe = io_uring_get_sqe(ring_.get());
    io_uring_prep_openat2_direct(sqe, root_fd_, path, how_.get(), slot);
    sqe->flags |= IOSQE_IO_LINK;  // a failed open cancels the rest of the chain
    sqe->user_data = tag | kOpen;
    // Hard links from here: a short first read (the usual case) must not
    // cancel the probe and the close.
    sqe = io_uring_get_sqe(ring_.get());
    io_uring_prep_read(sqe, static_cast<int>(slot), buffers_.get() + k * kSlotBytes, limit, kFilePosition);
    sqe->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
    sqe->user_data = tag | kRead;
    // As FileReader reads until a read returns 0, the probe must find the end.
    sqe = io_uring_get_sqe(ring_.get());
    io_uring_prep_read(sqe, static_cast<int>(slot), probes + k, 1, kFilePosition);
    sqe->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
    sqe->user_data = tag | kProbe;
    sqe = io_uring_get_sqe(ring_.get());
    io_uring_prep_close_direct(sqe, slot);
    sqe->user_data = tag | kClose;
  }
  // Every request posts exactly one completion, cancelled or not; all are
  // waited for, so none writes to a buffer after we return.
  if (io_uring_submit(ring_.get()) == static_cast<int>(4 * n) && collect(4 * n)) return true;
  give_up();
  return false;
}

// The kernel took only part of the batch (short of memory, say), or waiting
// for it failed. What it did not take would go out with the next batch and
// write into that batch's slots, and what it took may still write to a
// buffer. So io_uring is not used again (every file is read the plain way),
// and the buffers are never freed: at most one such 2 MiB loss a worker.
void UringBatchReader::give_up() {
  broken_ = true;
  (void)buffers_.release();  // deliberately leaked, see above
  for (Slot& slot : slots_) slot = Slot{};
}

bool UringBatchReader::collect(std::size_t expected) {
  for (std::size_t seen = 0; seen < expected;) {
    io_uring_cqe* cqe = nullptr;
    int r = io_uring_wait_cqe(ring_.get(), &cqe);
    if (r == -EINTR) continue;
    if (r < 0) return false;
    unsigned head = 0;
    unsigned count = 0;
    io_uring_for_each_cqe(ring_.get(), head, cqe) {
      Slot& slot = slots_[cqe->user_data >> kStepBits];
      switch (cqe->user_data & ((1u << kStepBits) - 1)) {
        case kRead: slot.first_read = cqe->res; break;
        case kProbe: slot.probe = cqe->res; break;
        default: break;  // a failed open or close leaves first_read or probe unset: not vouched for
      }
      ++count;
    }
    io_uring_cq_advance(ring_.get(), count);
    seen += count;
  }
  return true;
}

std::optional<std::string_view> UringBatchReader::bytes(std::size_t k) const {
  if (k >= kSlots) return std::nullopt;
  const Slot& slot = slots_[k];
  // Something, less than was asked for, and then end of file: the whole file.
  if (slot.first_read <= 0 || static_cast<std::uint32_t>(slot.first_read) >= slot.limit || slot.probe != 0)
    return std::nullopt;
  return std::string_view(buffers_.get() + k * kSlotBytes, static_cast<std::size_t>(slot.first_read));
}

}  // namespace mpingest
