#include "ipc/shared_segment.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/statvfs.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <atomic>
#include <boost/interprocess/exceptions.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <new>

#include "common/system_error.h"
#include "ipc/record_ring.h"

namespace bip = boost::interprocess;

namespace mpingest {
namespace {

constexpr std::uint32_t kSegmentMagic = 0x5347504D;  // "MPGS"
constexpr std::uint32_t kSegmentVersion = 4;
constexpr std::size_t kHeaderArea = 4096;

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

std::string fresh_name() {
  static std::atomic<unsigned> sequence{0};
  return std::string(SharedSegment::kNamePrefix) + std::to_string(::getpid()) + "-" +
         std::to_string(sequence.fetch_add(1));
}

// The pid in "mpingest-<pid>-<n>", or 0.
pid_t owner_of(std::string_view name) {
  if (name.substr(0, SharedSegment::kNamePrefix.size()) != SharedSegment::kNamePrefix) return 0;
  name.remove_prefix(SharedSegment::kNamePrefix.size());
  auto dash = name.find('-');
  if (dash == 0 || dash == std::string_view::npos) return 0;
  pid_t pid = 0;
  for (char c : name.substr(0, dash)) {
    if (c < '0' || c > '9') return 0;
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

std::string mib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

constexpr const char* kShmAdvice =
    "; free space in /dev/shm (`mpingest clean` removes segments of killed runs), use fewer --shards, "
    "or --ipc pipe, which needs only a few KiB";

[[noreturn]] void throw_shm_space_error(std::uint64_t needed, int err) {
  throw ResourceError("cannot reserve " + mib(needed) + " of shared memory in /dev/shm: " + errno_text(err) +
                      kShmAdvice);
}

// Before creating anything: whether /dev/shm has room, so the message can
// say how much it has.
void check_shm_space(std::uint64_t needed) {
  struct statvfs fs {};
  if (::statvfs("/dev/shm", &fs) != 0) return;  // no /dev/shm: creating the segment says why
  std::uint64_t free_bytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
  if (needed > free_bytes)
    throw ResourceError("this run needs " + mib(needed) + " of shared memory, but /dev/shm has " + mib(free_bytes) +
                        " free" + kShmAdvice);
}

}  // namespace

std::vector<std::string> SharedSegment::stale_segments() {
  std::vector<std::string> stale;
  DIR* dir = ::opendir("/dev/shm");
  if (dir == nullptr) return stale;
  while (const dirent* entry = ::readdir(dir)) {
    pid_t owner = owner_of(entry->d_name);
    if (owner > 0 && !process_exists(owner)) stale.emplace_back(entry->d_name);
  }
  ::closedir(dir);
  return stale;
}

std::vector<std::string> SharedSegment::remove_stale(const std::vector<std::string>& names) {
  std::vector<std::string> removed;
  for (const std::string& name : names) {
    pid_t owner = owner_of(name);
    if (owner > 0 && !process_exists(owner) && bip::shared_memory_object::remove(name.c_str())) removed.push_back(name);
  }
  return removed;
}

struct SharedSegment::Mapping {
  bip::shared_memory_object object;
  bip::mapped_region region;
};

SharedSegment::SharedSegment(std::string name, bool owner, std::unique_ptr<Mapping> mapping)
    : name_(std::move(name)), owner_(owner), mapping_(std::move(mapping)),
      base_(static_cast<char*>(mapping_->region.get_address())) {}

SharedSegment::~SharedSegment() {
  mapping_.reset();  // unmap before removing the name
  if (owner_) bip::shared_memory_object::remove(name_.c_str());
}

std::unique_ptr<SharedSegment> SharedSegment::create(const SegmentLayout& layout) {
  std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t job_offset = kHeaderArea;
  std::size_t slots_offset = round_up(job_offset + layout.job_size, page);
  std::size_t slot_size = round_up(layout.slot_size, page);
  std::size_t rings_offset = slots_offset + slot_size * layout.slot_count;
  std::size_t ring_footprint = round_up(RecordRing::footprint(layout.ring_size), page);
  std::size_t cell_offset = rings_offset + ring_footprint * layout.ring_count;
  std::size_t total = cell_offset + layout.cell_size * layout.cell_count;
  check_shm_space(total);
  std::string name = fresh_name();
  auto mapping = std::make_unique<Mapping>();
  try {
    bip::permissions owner_only(0600);
    try {
      mapping->object = bip::shared_memory_object(bip::create_only, name.c_str(), bip::read_write, owner_only);
    } catch (const bip::interprocess_exception& e) {
      // Our name is taken only if an earlier process with our pid died
      // without cleaning up: that segment is stale, never ours to reuse.
      if (e.get_error_code() != bip::already_exists_error) throw;
      bip::shared_memory_object::remove(name.c_str());
      mapping->object = bip::shared_memory_object(bip::create_only, name.c_str(), bip::read_write, owner_only);
    }
    std::unique_ptr<SharedSegment> segment;
    try {
      mapping->object.truncate(static_cast<bip::offset_t>(total));
      // Every page is reserved now: tmpfs would otherwise allocate a page
      // when first touched, and a full /dev/shm would then kill whoever
      // touched it with SIGBUS, in the middle of the run.
      int err = ::posix_fallocate(mapping->object.get_mapping_handle().handle, 0, static_cast<off_t>(total));
      if (err != 0) throw_shm_space_error(total, err);
      mapping->region = bip::mapped_region(mapping->object, bip::read_write);
    } catch (...) {
      bip::shared_memory_object::remove(name.c_str());
      throw;
    }
    segment.reset(new SharedSegment(name, true, std::move(mapping)));
    auto* header = new (segment->base_) SegmentHeader{};
    header->magic = kSegmentMagic;
    header->version = kSegmentVersion;
    header->slot_count = static_cast<std::uint32_t>(layout.slot_count);
    header->slot_size = slot_size;
    header->slots_offset = slots_offset;
    header->job_offset = job_offset;
    header->job_size = layout.job_size;
    header->rings_offset = rings_offset;
    header->ring_size = layout.ring_size;
    header->ring_count = static_cast<std::uint32_t>(layout.ring_count);
    header->cell_offset = cell_offset;
    header->cell_count = static_cast<std::uint32_t>(layout.cell_count);
    header->cell_size = layout.cell_size;
    for (std::size_t w = 0; w < layout.ring_count; ++w) RecordRing(segment->ring(w), layout.ring_size, true);
    return segment;
  } catch (const bip::interprocess_exception& e) {
    std::string what = "cannot create shared memory segment " + name + ": " + e.what();
    if (is_resource_errno(e.get_native_error())) throw ResourceError(what + kShmAdvice);
    throw RunError(what);
  }
}

std::unique_ptr<SharedSegment> SharedSegment::open(const std::string& name) {
  auto mapping = std::make_unique<Mapping>();
  try {
    mapping->object = bip::shared_memory_object(bip::open_only, name.c_str(), bip::read_write);
    mapping->region = bip::mapped_region(mapping->object, bip::read_write);
  } catch (const bip::interprocess_exception& e) {
    throw RunError("cannot open shared memory segment " + name + ": " + e.what());
  }
  std::unique_ptr<SharedSegment> segment(new SharedSegment(name, false, std::move(mapping)));
  const SegmentHeader& header = segment->header();
  if (segment->mapping_->region.get_size() < sizeof(SegmentHeader) || header.magic != kSegmentMagic ||
      header.version != kSegmentVersion)
    throw RunError("shared memory segment " + name + " is not an mpingest segment of this version");
  return segment;
}

void* SharedSegment::cell(std::size_t index) const {
  const SegmentHeader& h = header();
  if (index >= h.cell_count) return nullptr;
  return base_ + h.cell_offset + index * h.cell_size;
}

char* SharedSegment::ring(std::size_t worker) const {
  const SegmentHeader& h = header();
  if (worker >= h.ring_count) throw RunError("no record ring for worker " + std::to_string(worker));
  std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return base_ + h.rings_offset + worker * round_up(RecordRing::footprint(h.ring_size), page);
}

char* SharedSegment::slot(std::size_t worker) const {
  const SegmentHeader& h = header();
  if (worker >= h.slot_count) throw RunError("no result slot for worker " + std::to_string(worker));
  return base_ + h.slots_offset + worker * h.slot_size;
}

}  // namespace mpingest
