#pragma once
// What workers in other processes share with the parent: the run's
// shared-memory segment (worker status slots always; the queue, result slots,
// record rings and a spawn job when the run needs them), the dispatcher built
// over it, and the result transport. Owned by the parent for the whole run;
// destroying it removes the segment.

#include <memory>

#include "ipc/result_transport.h"
#include "ipc/shared_segment.h"
#include "launch/launcher.h"

namespace mpingest {

class ProcessResources {
 public:
  // `job_bytes`: room to reserve in the segment for a serialized job (0: none).
  ProcessResources(const JobSpec& spec, std::size_t job_bytes = 0);

  SharedSegment* segment() const { return segment_.get(); }  // never null
  const Dispatcher& dispatcher() const { return *dispatcher_; }
  ResultTransport& transport() const { return *transport_; }

 private:
  std::unique_ptr<SharedSegment> segment_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<ResultTransport> transport_;
};

}  // namespace mpingest
