#pragma once
// --emit under --mode mpi: a rank's records travel to rank 0, which writes
// them through the run's bounded reorder buffer (output/record_writer.h).
// Records are batched into messages of about kRecordMessageBytes, each sent
// synchronously (MPI_Ssend: it returns once rank 0 has taken it), so a rank
// ahead of the buffer's bound waits for rank 0 instead of queueing
// megabytes in MPI, and all of a rank's records have been taken before its
// result can be sent.

#include <cstdint>
#include <string>
#include <string_view>

#include "launch/mpi/mpi_world.h"
#include "output/record_writer.h"
#include "worker/record_sink.h"

namespace mpingest {

constexpr std::size_t kRecordMessageBytes = 64u << 10;

class ForwardingRecordSink final : public RecordSink {
 public:
  explicit ForwardingRecordSink(MpiWorld& world) : world_(world) {}
  void put(std::uint64_t item, std::string_view record) override;
  void flush() override;

 private:
  MpiWorld& world_;
  std::string message_;
};

// Rank 0: puts every record of one message into `writer`; returns the last
// item it held. Throws RunError on a malformed message or an item number
// not below `item_count`.
std::uint64_t put_forwarded_records(std::string_view message, std::size_t item_count, RecordWriter& writer);

}  // namespace mpingest
