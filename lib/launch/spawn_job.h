#pragma once
// What a spawned worker must be told, since it inherits nothing: its place
// in the run, the processing options, the dispatch, where results go, and
// the item list itself. On its stdin it receives a `job` frame, followed,
// unless the item list was put in the run's shared memory, by the list's
// slices as `items` frames, streamed as fast as the worker reads them
// (launch/streamed_item_table.h).

#include <cstdint>
#include <string>

#include "corpus/item_list.h"
#include "dispatch/dispatcher.h"
#include "transport/ipc_kind.h"
#include "worker/item_processor.h"

namespace mpingest {

struct SpawnJob {
  int worker = 0;
  ProcessingOptions processing;
  DispatchSpec dispatch;
  IpcKind ipc = IpcKind::pipe;
  std::string segment_name;        // "" when the run has no segment
  bool items_in_segment = false;   // the item list is in the segment's job area
  std::uint64_t items_bytes = 0;   // its size there

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & worker & processing & dispatch & ipc & segment_name & items_in_segment & items_bytes;
  }
};

// The body of the hidden `mpingest worker` command: reads its job from
// `job_fd`, works, and delivers the result (frames on `result_fd` and/or the
// shared segment). Returns the process exit code; never throws.
// `parent` is the pid the parent passed on the command line: if it is no
// longer our parent, the run is over and the worker exits at once.
int run_spawned_worker(int job_fd, int result_fd, long parent);

}  // namespace mpingest
