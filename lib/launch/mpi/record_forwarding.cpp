#include "launch/mpi/record_forwarding.h"

#include <mpi.h>

#include <climits>
#include <cstring>

#include "common/system_error.h"

namespace mpingest {
namespace {

void append_u64(std::string& out, std::uint64_t value) { out.append(reinterpret_cast<const char*>(&value), sizeof value); }

std::uint64_t read_u64(std::string_view& in) {
  if (in.size() < sizeof(std::uint64_t)) throw RunError("--mode mpi: a records message ends inside a header");
  std::uint64_t value = 0;
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return value;
}

}  // namespace

void ForwardingRecordSink::put(std::uint64_t item, std::string_view record) {
  append_u64(message_, item);
  append_u64(message_, record.size());
  message_.append(record);
  if (message_.size() >= kRecordMessageBytes) flush();
}

void ForwardingRecordSink::flush() {
  if (message_.empty()) return;
  if (message_.size() > static_cast<std::size_t>(INT_MAX))
    throw RunError("--mode mpi: a record of " + std::to_string(message_.size()) + " bytes is more than one MPI message holds");
  // Boost.MPI has no synchronous send: the C call, on the same communicator.
  int status = ::MPI_Ssend(message_.data(), static_cast<int>(message_.size()), MPI_BYTE, 0, mpi_tag::kRecords,
                           static_cast<MPI_Comm>(world_.comm()));
  if (status != MPI_SUCCESS) throw RunError("--mode mpi: sending records to rank 0 failed");
  message_.clear();
}

std::uint64_t put_forwarded_records(std::string_view message, std::size_t item_count, RecordWriter& writer) {
  std::uint64_t last = 0;
  while (!message.empty()) {
    last = read_u64(message);
    if (last >= item_count) throw RunError("--mode mpi: a record of item " + std::to_string(last) + " of " +
                                           std::to_string(item_count));
    std::uint64_t length = read_u64(message);
    if (length > message.size()) throw RunError("--mode mpi: a record runs past the end of its message");
    writer.put(last, message.substr(0, length));
    message.remove_prefix(length);
  }
  return last;
}

}  // namespace mpingest
