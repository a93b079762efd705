#pragma once
// Where a worker's --emit records go while it runs. Every item a worker
// processes gets exactly one put(): its record, or "" when it has none (an
// error item), so the parent can restore input order.

#include <cstdint>
#include <string_view>

namespace mpingest {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void put(std::uint64_t item, std::string_view record) = 0;
  // Called once when the worker has no more items: send what is buffered.
  virtual void flush() = 0;
};

}  // namespace mpingest
