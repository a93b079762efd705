#pragma once
// The MPI job this process belongs to: MPI is initialized on first use and
// finalized when the process exits normally.

#include <boost/mpi/communicator.hpp>
#include <string>

namespace mpingest {

class MpiWorld {
 public:
  // Initializes MPI (MPI_THREAD_FUNNELED) on the first call, from the main thread.
  static MpiWorld& get();

  boost::mpi::communicator& comm() { return comm_; }
  int rank() const { return rank_; }
  int ranks() const { return ranks_; }
  const std::string& host() const { return host_; }

  // Every rank knows the run is over (e.g. the job was refused): a rank that
  // fails after this need not abort the others.
  void mark_released() { released_ = true; }
  bool released() const { return released_; }

 private:
  MpiWorld();

  boost::mpi::communicator comm_;
  int rank_ = 0;
  int ranks_ = 1;
  std::string host_;
  bool released_ = false;
};

// Message tags between ranks (MPI matches a receive by source and tag).
namespace mpi_tag {
constexpr int kClaim = 1;    // rank -> 0: give me the next batch (queue dispatch); no payload
constexpr int kBatch = 2;    // 0 -> rank: two uint64, [first, end); first == end: none left
constexpr int kResult = 3;   // rank -> 0: its serialized ShardResult, after its last records
constexpr int kRecords = 4;  // rank -> 0: --emit records, [item u64][length u64][bytes] each
constexpr int kProgress = 5;  // rank -> 0: two uint64, items and bytes done (only with a progress line)
constexpr int kCheckpoint = 6;  // rank -> 0: a checkpoint's payload (--journal, result/checkpoint.h)
}  // namespace mpi_tag

}  // namespace mpingest
