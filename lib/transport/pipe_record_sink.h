#pragma once
// A process worker's records, streamed to the parent in `records` frames on
// its pipe while it works. When the parent stops reading (its reorder
// buffer is full and this worker is ahead), the pipe fills and write()
// blocks: backpressure for free.

#include <memory>

#include "worker/record_sink.h"

namespace mpingest {

std::unique_ptr<RecordSink> make_pipe_record_sink(int pipe_fd);

}  // namespace mpingest
