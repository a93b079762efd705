#pragma once
// Owns every forked worker of a run: the only place that calls fork(),
// poll() and waitpid() (after ninja's SubprocessSet).
//
// Signal discipline: the constructor blocks SIGINT, SIGTERM and SIGHUP and
// installs handlers that only record the signal; signals are let in only
// inside ppoll(), so an interruption is a state the loop reads, never a race.
// The destructor kills and reaps any child still alive and restores the
// previous signal mask and handlers. SIGPIPE is ignored meanwhile, so that
// writing to a worker that died is an error (EPIPE), not the parent's death.
// Fork only while single-threaded.

#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/unique_fd.h"
#include "ipc/frame_codec.h"

namespace mpingest {

// How one child ended.
struct ChildExit {
  int id = 0;
  pid_t pid = 0;
  int wait_status = 0;             // as from waitpid
  std::uint64_t bytes_received = 0;
  double receive_s = 0;            // the parent's time reading its pipe and cutting frames (handlers excluded)
  std::int64_t eof_ns = 0;         // steady_ns() when its pipe reached EOF
  std::string stream_error;        // corrupt or truncated frames, if any

  bool exited_cleanly() const;
  // "exited with status 3", "killed by signal 9 (Killed)", ...
  std::string describe() const;
};

// First thing in any worker process (forked, or spawned and exec'd): undo
// what the parent's ChildProcessSet did to signals (dispositions set to
// ignore and the blocked mask survive fork and exec), and tie the worker's
// life to its parent's with PR_SET_PDEATHSIG. Returns false if the parent
// is already gone (not `expected_parent`): the worker must exit at once.
bool prepare_worker_process(pid_t expected_parent);

class ChildProcessSet {
 public:
  // Called with each complete frame a child sends. May throw; the set then
  // kills its children before the exception leaves wait_all().
  using FrameHandler = std::function<void(int id, wire::Frame&& frame)>;
  // Runs in the child with the write end of its pipe; returns the exit code.
  using ChildBody = std::function<int(int write_fd)>;

  ChildProcessSet();
  ~ChildProcessSet();
  ChildProcessSet(const ChildProcessSet&) = delete;
  ChildProcessSet& operator=(const ChildProcessSet&) = delete;

  // Forks a child that runs `body` and then _exit()s: it never returns into
  // the caller's stack. An exception escaping `body` is sent to the parent as
  // a worker_error frame and the child exits with kChildCrashed.
  // Throws RunError if fork or pipe fail.
  pid_t start(int id, const ChildBody& body);

  // What the parent streams to a child while it runs: the next bytes to
  // write, or "" when there are no more.
  using Feed = std::function<std::string()>;

  // Takes over a child started elsewhere (spawn, by Boost.Process): from now
  // on this set reads `read_fd` (its result pipe) and reaps `pid`. If
  // `feed_fd` is given (its job pipe), the set writes what `feed` yields to
  // it whenever the pipe has room, without ever blocking, and closes it after
  // the last bytes; a child that stops reading (it is done, or dead) just
  // ends its feed.
  void adopt(int id, pid_t pid, UniqueFd read_fd, UniqueFd feed_fd = {}, Feed feed = {});

  // Whether to read child `id`'s pipe now; a child not read blocks once its
  // pipe is full (backpressure). If no child may be read while some remain,
  // all are read, so waiting can never stall.
  using ReadGate = std::function<bool(int id)>;

  // Called about every `interval_ms` while waiting (the --timeout watchdog).
  using Tick = std::function<void()>;
  void set_tick(Tick tick, int interval_ms) {
    tick_ = std::move(tick);
    tick_interval_ms_ = interval_ms;
  }
  // Sends `signal_number` to child `id` if it is still running.
  void kill(int id, int signal_number);

  // Reads every child's pipe until EOF and reaps it. Throws Interrupted if a
  // signal arrives (all children are killed and reaped first).
  std::vector<ChildExit> wait_all(const FrameHandler& on_frame, const ReadGate& may_read = {});

  static constexpr int kChildCrashed = 70;     // an exception escaped the body
  static constexpr int kChildOrphaned = 71;    // the parent died before we started

 private:
  struct Child {
    int id = 0;
    pid_t pid = 0;
    UniqueFd read_fd;
    UniqueFd feed_fd;
    Feed feed;
    std::string feed_pending;  // yielded, not yet all written
    std::size_t feed_written = 0;
    wire::FrameDecoder decoder;
    ChildExit exit;
    bool reaped = false;
  };
  void read_from(Child& child, const FrameHandler& on_frame);
  void write_feed(Child& child);
  void finish(Child& child);
  void kill_and_reap_all() noexcept;
  [[noreturn]] void run_child(int write_fd, const ChildBody& body);

  std::vector<Child> children_;
  Tick tick_;
  int tick_interval_ms_ = 0;
  sigset_t old_mask_;
  struct sigaction old_int_, old_term_, old_hup_, old_pipe_;
};

}  // namespace mpingest
