#pragma once
// Where a worker's checkpoints go (result/checkpoint.h): with --journal, a
// worker hands over what it has finished at most every
// ProcessingOptions::checkpoint_s, and its last checkpoint holds the rest,
// so its final result carries only its statistics. In-process workers hand
// them to the parent's collector; process workers write them on their pipe;
// MPI ranks send them to rank 0.

#include "result/checkpoint.h"

namespace mpingest {

class CheckpointSink {
 public:
  virtual ~CheckpointSink() = default;
  virtual void put(Checkpoint&& checkpoint) = 0;
};

}  // namespace mpingest
