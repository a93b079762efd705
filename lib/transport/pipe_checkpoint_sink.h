#pragma once
// A process worker's checkpoints (--journal), as `checkpoint` frames on its
// pipe, whatever --ipc carries its final result: they are few (at most one
// per ProcessingOptions::checkpoint_s) and must reach the parent before the
// worker could die.

#include <memory>

#include "worker/checkpoint_sink.h"

namespace mpingest {

std::unique_ptr<CheckpointSink> make_pipe_checkpoint_sink(int pipe_fd);

}  // namespace mpingest
