#pragma once
// The run's one POSIX shared-memory segment (Boost.Interprocess), holding a
// control block (the run keeps its queue cursor there), the job for spawned
// workers, one result slot per worker, record rings and status cells. It
// carries bytes: what lives in the control block and the cells is the
// caller's business (launch/run_segment.h gives them their types).
// Named /dev/shm/mpingest-<parent pid>-<sequence>, created 0600, and removed
// by its owner's destructor, on success, error or interruption alike.
//
// Layout (defined once, here):
//   [SegmentHeader, padded to 4 KiB] [job area: job_size bytes]
//   [slot 0] [slot 1] ... [slot N-1], each slot_size bytes
//   [ring 0] [ring 1] ... [ring N-1], each RecordRing::footprint(ring_size) bytes (--emit only)
//   [cell 0] ... [cell S-1], cell_size bytes each (a worker's published status)
// A slot holds one wire frame (see wire_format.h) written by its worker; a
// ring streams its worker's --emit records (see record_ring.h).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

constexpr std::size_t kSegmentControlBytes = 64;

struct SegmentHeader {
  std::uint32_t magic;
  std::uint32_t version;
  std::uint32_t slot_count;
  std::uint32_t reserved;
  std::uint64_t slot_size;
  std::uint64_t slots_offset;
  std::uint64_t job_offset;
  std::uint64_t job_size;
  std::uint64_t rings_offset;
  std::uint64_t ring_size;   // data bytes per ring; 0: no rings
  std::uint32_t ring_count;
  std::uint32_t cell_count;
  std::uint64_t cell_offset;
  std::uint64_t cell_size;
  // The control block: zero when created, its meaning the caller's.
  alignas(64) unsigned char control[kSegmentControlBytes];
};

struct SegmentLayout {
  std::size_t job_size = 0;    // bytes reserved for a serialized job (spawn + shm)
  std::size_t slot_count = 0;  // one per worker
  std::size_t slot_size = 0;   // bytes per result slot
  std::size_t ring_count = 0;  // one per worker when records stream through shared memory
  std::size_t ring_size = 0;   // data bytes per ring
  std::size_t cell_count = 0;  // status cells
  std::size_t cell_size = 0;   // bytes per cell (a multiple of 64 keeps cells on their own cache lines)
};

class SharedSegment {
 public:
  // Creates a fresh segment with this layout; this object owns (and removes) it.
  // Throws RunError.
  static std::unique_ptr<SharedSegment> create(const SegmentLayout& layout);
  // Maps an existing segment by name (a spawned worker); does not remove it.
  // Throws RunError if it is missing or not an mpingest segment.
  static std::unique_ptr<SharedSegment> open(const std::string& name);

  ~SharedSegment();
  SharedSegment(const SharedSegment&) = delete;
  SharedSegment& operator=(const SharedSegment&) = delete;

  const std::string& name() const { return name_; }
  SegmentHeader& header() const { return *reinterpret_cast<SegmentHeader*>(base_); }
  // kSegmentControlBytes, 64-byte aligned, zero when created.
  void* control() const { return header().control; }
  char* job_area() const { return base_ + header().job_offset; }
  char* slot(std::size_t worker) const;
  std::size_t slot_size() const { return header().slot_size; }
  bool has_slots() const { return header().slot_count > 0; }
  bool has_rings() const { return header().ring_count > 0; }
  std::size_t ring_count() const { return header().ring_count; }
  // Worker `worker`'s record ring: header and data, see RecordRing.
  char* ring(std::size_t worker) const;
  std::size_t ring_size() const { return header().ring_size; }
  // Cell `index` (cell_size bytes, zero when created); nullptr if there is no such cell.
  void* cell(std::size_t index) const;

  // The prefix every segment name starts with, for leak checks and cleanup.
  static constexpr std::string_view kNamePrefix = "mpingest-";

  // Segments left by runs that were killed outright (SIGKILL, a crash): those
  // whose creating process no longer exists. Names only; see remove_stale().
  static std::vector<std::string> stale_segments();
  // Removes the named stale segments; returns those it removed.
  static std::vector<std::string> remove_stale(const std::vector<std::string>& names);

 private:
  struct Mapping;
  SharedSegment(std::string name, bool owner, std::unique_ptr<Mapping> mapping);

  std::string name_;
  bool owner_;
  std::unique_ptr<Mapping> mapping_;
  char* base_ = nullptr;
};

}  // namespace mpingest
