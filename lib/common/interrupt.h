#pragma once
// How a run notices that it was asked to stop.
//
// Every signal whose default action would end the process (SIGHUP, SIGINT,
// SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU)
// is caught while a StopSignalScope lives: the handler only stores the
// signal number. Every loop of the run (listing, launching, the workers of
// the in-process modes, the parent's event loop, writing output) polls it
// and unwinds, so workers are reaped, the shared-memory segment is removed
// and output ends at a record boundary; the CLI then exits 128 + signal.
// SIGPIPE and SIGXFSZ are ignored meanwhile: a closed pipe or an output over
// `ulimit -f` is an error the writer reports (EPIPE, EFBIG), not a death.
// SIGKILL and SIGSTOP cannot be caught: see docs/reliability.md.

#include <signal.h>

namespace mpingest {

// The signals a StopSignalScope turns into a stop request.
const sigset_t& stop_signals();

// 0, or the first stop signal received since the outermost scope began.
int stop_requested();

// As stop_requested(), but first takes a stop signal that is pending
// because this thread blocks it (a ChildProcessSet does, outside its
// ppoll): for loops that wait outside the event loop, such as a write to an
// output that does not drain.
int stop_requested_or_pending();

// Throws Interrupted if a stop signal has been received.
void throw_if_stop_requested();

// Installs the handlers (and the ignored SIGPIPE, SIGXFSZ) for its lifetime
// and restores the previous dispositions after. Scopes nest; the outermost
// clears any earlier request. Install only from the main thread, before
// other threads exist.
class StopSignalScope {
 public:
  StopSignalScope();
  ~StopSignalScope();
  StopSignalScope(const StopSignalScope&) = delete;
  StopSignalScope& operator=(const StopSignalScope&) = delete;

 private:
  static constexpr int kMaxSignals = 16;
  struct sigaction previous_[kMaxSignals];
};

// In a new worker process: every signal back to its default action and
// nothing blocked (both survive fork and exec).
void reset_signals_for_worker();

}  // namespace mpingest
