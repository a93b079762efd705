#pragma once
// The worker processes of one launch, as the parent's event loop sees them.
// Like ninja's SubprocessSet::DoWork(), the caller pulls: it asks for the
// next event (a frame, a child's end, a tick) and acts on it, instead of
// handing the set callbacks. ChildProcessSet is the real one; tests drive
// ProcessRounds and ResultCollector with a scripted fake
// (tests/fake_process_set.h).

#include <cstdint>
#include <functional>
#include <string>

#include "ipc/frame_codec.h"

namespace mpingest {

// How one child ended.
struct ChildExit {
  int id = 0;
  std::int64_t pid = 0;
  int wait_status = 0;             // as from waitpid
  std::uint64_t bytes_received = 0;
  double receive_s = 0;            // the parent's time reading its pipe and cutting frames
  std::int64_t eof_ns = 0;         // steady_ns() when its pipe reached EOF
  std::string stream_error;        // corrupt or truncated frames, if any

  bool exited_cleanly() const;
  // "exited with status 3", "killed by signal 9 (Killed)", ...
  std::string describe() const;
};

struct ProcessEvent {
  enum class Kind {
    frame,   // child `id` sent a complete frame
    exited,  // child `id` was reaped, after all its frames
    tick,    // the loop woke up (at least every tick_ms while waiting)
    done,    // every child started so far is reaped and reported
  };
  Kind kind = Kind::done;
  int id = -1;
  wire::Frame frame;  // Kind::frame
  ChildExit exit;     // Kind::exited
};

class ProcessSet {
 public:
  // Whether to read child `id`'s pipe now; a child not read blocks once its
  // pipe is full (backpressure). If no child may be read while some remain,
  // all are read, so waiting can never stall.
  using ReadGate = std::function<bool(int id)>;

  virtual ~ProcessSet() = default;

  // The next event of the children started so far. With tick_ms > 0 a tick
  // comes with every wake-up and at least every tick_ms. After `done` the
  // set is empty and new children may be started (the next round). Throws
  // Interrupted on a stop signal, its children killed and reaped first.
  virtual ProcessEvent next(const ReadGate& may_read = {}, int tick_ms = 0) = 0;
  // Whether a child has already ended badly (a non-zero status, a signal, a
  // corrupt stream): whatever it owed will not come this round.
  virtual bool any_failed() const = 0;
  // Sends `signal_number` to child `id` if it is still running.
  virtual void kill(int id, int signal_number) = 0;
  // Throws Interrupted if a stop signal is pending or was received. For
  // loops outside next() (starting workers).
  virtual void check_stop() = 0;
};

}  // namespace mpingest
