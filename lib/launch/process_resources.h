#pragma once
// What workers in other processes share with the parent: the run's
// shared-memory segment (worker status slots always; the queue, result slots,
// record rings and a spawn job when the run needs them), the dispatcher built
// over it, and the result transport. Owned by the parent for the whole run;
// destroying it removes the segment.
//
// The segment's size, reserved in /dev/shm before any worker starts (so
// that a full /dev/shm is an error with a message, never a SIGBUS later):
//   4 KiB header + the spawn job (the item list, with --ipc shm)
//   + per worker: 64 bytes of status
//   + with --ipc shm, per worker: a result slot, result_slot_size(its share
//     of the items) <= 4 MiB, and with --emit a record ring,
//     record_ring_size(workers) <= 4 MiB
// (transport/result_transport.h); at most 8 MiB a worker beyond the job.

#include <memory>

#include "transport/result_transport.h"
#include "ipc/shared_segment.h"
#include "launch/launcher.h"
#include "launch/run_dispatcher.h"

namespace mpingest {

class ProcessResources {
 public:
  // Descriptors the parent holds for a worker being started (two pipes, and
  // Boost.Process's own), on top of those it holds for each running one.
  static constexpr std::size_t kDescriptorsWhileStarting = 8;

  // `job_bytes`: room to reserve in the segment for a serialized job (0:
  // none). `descriptors_per_worker`: what the parent holds per running
  // worker. Throws ResourceError, before anything is created, when the
  // descriptor or process limit is too low for the workers, or /dev/shm
  // too small for the segment.
  ProcessResources(const JobSpec& spec, std::size_t job_bytes = 0, std::size_t descriptors_per_worker = 1);

  SharedSegment* segment() const { return segment_.get(); }  // never null
  const Dispatcher& dispatcher() const { return *dispatch_.dispatcher; }
  // --dispatch request: worker `position`'s end of its socket to the parent (-1 otherwise).
  int request_fd(int position) const { return dispatch_.server ? dispatch_.server->worker_fd(position) : -1; }
  // --dispatch request: start answering, once the first round's workers are started (RequestServer::start).
  void start_serving() const {
    if (dispatch_.server) dispatch_.server->start();
  }
  WorkerTransport& worker_transport() const { return *worker_transport_; }
  ParentTransport& parent_transport() const { return *parent_transport_; }

 private:
  std::unique_ptr<SharedSegment> segment_;
  RunDispatcher dispatch_;
  std::unique_ptr<WorkerTransport> worker_transport_;
  std::unique_ptr<ParentTransport> parent_transport_;
};

}  // namespace mpingest
