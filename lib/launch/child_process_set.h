#pragma once
// Owns every worker process of a launch, across its recovery rounds: the
// only place that forks, execs, polls, signals and reaps them (after
// ninja's SubprocessSet). The caller pulls events with next().
//
// Ownership is strict. A child is adopted only if it is a real child of
// this process (pid > 0 and waitable); the set signals only its own
// process group and the pids it adopted, and waits only for those pids, so
// no signal or wait can reach a process it did not start. Its children
// share one process group (ninja's setpgid): stopping them is one
// kill(-pgid) that cannot touch anyone else.
//
// Signal discipline: while the set lives, the stop signals
// (common/interrupt.h) are blocked and let in only inside ppoll(), and
// between launches (check_stop), so an interruption is a state the loop
// reads, never a race. The destructor kills and reaps every child still
// there and restores the signal mask. Fork only while single-threaded.

#include <signal.h>
#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "common/interrupt.h"
#include "common/unique_fd.h"
#include "ipc/frame_codec.h"
#include "launch/process_set.h"

namespace mpingest {

// First thing in any worker process (forked, or spawned and exec'd): undo
// what the parent did to signals (dispositions set to ignore and the blocked
// mask survive fork and exec), and tie the worker's life to its parent's
// with PR_SET_PDEATHSIG. Returns false if the parent is already gone (not
// `expected_parent`): the worker must exit at once.
bool prepare_worker_process(pid_t expected_parent);

class ChildProcessSet final : public ProcessSet {
 public:
  // Runs in the child with the write end of its pipe; returns the exit code.
  using ChildBody = std::function<int(int write_fd)>;
  // What the parent streams to a child while it runs: the next bytes to
  // write, or "" when there are no more.
  using Feed = std::function<std::string()>;

  ChildProcessSet();
  ~ChildProcessSet();
  ChildProcessSet(const ChildProcessSet&) = delete;
  ChildProcessSet& operator=(const ChildProcessSet&) = delete;

  // Forks a child that runs `body` and then _exit()s: it never returns into
  // the caller's stack. An exception escaping `body` is sent to the parent as
  // a worker_error frame and the child exits with kChildCrashed
  // (kChildOutOfResources for a ResourceError).
  // Throws ResourceError if fork or pipe fail for lack of processes or
  // descriptors, RunError otherwise.
  pid_t start(int id, const ChildBody& body);

  // Starts `exe` with `args` (Boost.Process), its stdin reading what `feed`
  // yields (written whenever the pipe has room, never blocking; a child that
  // stops reading just ends its feed) and its stdout the result pipe this
  // set reads; `fd3`, when given, becomes its file descriptor 3 (--dispatch
  // request's socket). Throws as start() does.
  pid_t spawn(int id, const std::string& exe, const std::vector<std::string>& args, Feed feed, int fd3 = -1);

  // Takes over a child this process started elsewhere: from now on this set
  // reads `read_fd` (its result pipe) and reaps `pid`, and, if `feed_fd` is
  // given, feeds it as spawn() does. Throws RunError, without adopting, if
  // `pid` is not a live child of this process.
  void adopt(int id, pid_t pid, UniqueFd read_fd, UniqueFd feed_fd = {}, Feed feed = {});

  // Lets pending stop signals in for an instant.
  void check_stop() override;
  bool any_failed() const override;
  void kill(int id, int signal_number) override;
  ProcessEvent next(const ReadGate& may_read = {}, int tick_ms = 0) override;

  // For simple callers (tests): pulls every event until done, handing frames
  // to `on_frame`; returns the exits in the order the children were started.
  std::vector<ChildExit> wait_all(const std::function<void(int id, wire::Frame&& frame)>& on_frame);

  // The children's process group (0 before the first child).
  pid_t process_group() const { return group_; }

  static constexpr int kChildCrashed = 70;     // an exception escaped the body
  static constexpr int kChildOutOfResources = 72;  // a ResourceError did: not the item's fault
  static constexpr int kChildOrphaned = 71;    // the parent died before we started

 private:
  struct Child {
    int id = 0;
    pid_t pid = 0;
    UniqueFd read_fd;
    UniqueFd feed_fd;
    UniqueFd exit_fd;  // a pidfd, readable once the child has exited (after EOF, until reaped)
    Feed feed;
    std::string feed_pending;  // yielded, not yet all written
    std::size_t feed_written = 0;
    wire::FrameDecoder decoder;
    ChildExit exit;
    bool reaped = false;
    bool reported = false;  // its exited event is queued
  };
  // One wait in ppoll and what it found, queued as events.
  void poll_once(const ReadGate& may_read, int tick_ms);
  void read_from(Child& child);
  void write_feed(Child& child);
  void close_pipes(Child& child);
  bool try_reap(Child& child);
  bool all_reaped() const;
  void join_group(pid_t pid);
  void kill_and_reap_all() noexcept;
  [[noreturn]] void run_child(int write_fd, const ChildBody& body);

  std::vector<Child> children_;
  std::deque<ProcessEvent> events_;  // found, not yet pulled
  pid_t group_ = 0;  // the process group of the children not yet reaped
  StopSignalScope stop_scope_;
  sigset_t old_mask_;
};

}  // namespace mpingest
