#pragma once
// One measurement of `mpingest ipc`: a parent and `workers` forked workers
// move `messages` messages each over one transport, in one pattern, and the
// parent checks every byte.
//
// stream:   every worker sends its messages to the parent as fast as the
//           transport takes them; timed from the moment all workers are let
//           go (one closed pipe wakes them together) to the last byte received.
// pingpong: the parent sends a message to each worker and each sends it
//           back; the parent times every round trip, with one message in
//           flight per worker.

#include <cstdint>
#include <string>
#include <vector>

namespace mpingest {

enum class LabPattern { stream, pingpong };
const char* lab_pattern_name(LabPattern pattern);
LabPattern parse_lab_pattern(const std::string& name);  // throws UsageError

struct LabRunSpec {
  std::string transport;
  LabPattern pattern = LabPattern::stream;
  std::size_t size = 64;     // bytes per message
  int workers = 1;
  std::uint64_t messages = 1000;  // per worker
  bool pin = false;          // parent on CPU 0, worker w on CPU (w + 1) mod CPUs
};

struct LabSample {
  double wall_s = 0;
  std::uint64_t messages = 0;  // received by the parent (stream) or round trips (pingpong)
  std::uint64_t bytes = 0;     // payload bytes those carried, one way
  double reader_cpu_s = 0;     // the parent's CPU time in the timed part
  double writers_cpu_s = 0;    // the workers' CPU time in it, summed
  std::vector<std::int64_t> round_trip_ns;  // pingpong
};

// Runs one measurement. Throws RunError naming the transport, the worker
// and what went wrong if a message is lost, altered or cut short, or a
// worker dies (every worker is then killed and reaped, the segment removed);
// Interrupted on a stop signal; UsageError for a bad spec.
LabSample run_lab_once(const LabRunSpec& spec);

}  // namespace mpingest
