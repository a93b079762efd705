#pragma once
// Queue dispatch on a rank other than 0: the rank asks rank 0 for batches,
// and rank 0 claims them for it from the same shared cursor its own worker
// claims from (dispatch/queue_dispatch.h). One request is always in flight,
// so the next batch has usually arrived when the current one ends. Not
// MPI_Fetch_and_op on a window: docs/design.md says why.

#include "dispatch/dispatcher.h"
#include "launch/mpi/mpi_world.h"

namespace mpingest {

class RemoteQueueDispatcher final : public Dispatcher {
 public:
  explicit RemoteQueueDispatcher(MpiWorld& world) : world_(world) {}
  std::unique_ptr<ItemCursor> cursor(int worker) const override;

 private:
  MpiWorld& world_;
};

}  // namespace mpingest
