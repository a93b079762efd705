#pragma once
// Where the time of mpingest's own transports goes, step by step: each
// step of the path is run alone, in this process, on its own buffers, and
// timed per message. The steps are the real functions (RecordBatch,
// frame_header's CRC, a pipe's write and read, FrameDecoder, RecordRing),
// not a model of them. What the steps do not add up to, against the wall
// time per message of a real stream between two processes, is what only
// two processes pay: wake-ups, waiting for the other side, caches that
// change cores.

#include <string>
#include <vector>

namespace mpingest {

struct AnatomyStep {
  enum class Side { writer, reader, both };  // both: a pipe's write and read, timed together
  std::string name;        // "CRC-32, writer"
  Side side = Side::writer;
  double ns_per_message = 0;
};

struct LabAnatomy {
  std::string transport;   // "pipe" or "shm"
  std::size_t size = 0;
  std::string route;       // "records frames on the pipe", "record ring", ...
  std::vector<AnatomyStep> steps;
  double total_ns() const;
  // The writer's steps and the reader's, a step of both halved between them:
  // in a stream the two sides run at once, on two cores.
  double side_ns(AnatomyStep::Side side) const;
};

// The steps of `transport` ("pipe" or "shm", with `workers` sizing shm's
// ring as a run does) for messages of `size` bytes.
LabAnatomy measure_anatomy(const std::string& transport, std::size_t size, int workers);

}  // namespace mpingest
