#include "common/interrupt.h"

#include <atomic>

#include "common/system_error.h"

namespace mpingest {
namespace {

constexpr int kStopSignals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2,
                                SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU};
constexpr int kIgnoredSignals[] = {SIGPIPE, SIGXFSZ};
constexpr int kHandled = sizeof kStopSignals / sizeof kStopSignals[0];
constexpr int kIgnored = sizeof kIgnoredSignals / sizeof kIgnoredSignals[0];

// Lock-free, so the handler may store it; first signal wins.
std::atomic<int> g_stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);
int g_depth = 0;  // scopes alive (main thread only)

void record_stop(int signal_number) {
  int none = 0;
  g_stop_signal.compare_exchange_strong(none, signal_number, std::memory_order_relaxed);
}

sigset_t make_stop_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kStopSignals) sigaddset(&set, sig);
  return set;
}

}  // namespace

const sigset_t& stop_signals() {
  static const sigset_t set = make_stop_set();
  return set;
}

int stop_requested() { return g_stop_signal.load(std::memory_order_relaxed); }

int stop_requested_or_pending() {
  sigset_t pending;
  if (::sigpending(&pending) == 0) {
    for (int sig : kStopSignals) {
      if (sigismember(&pending, sig) != 1) continue;
      sigset_t one;
      sigemptyset(&one);
      sigaddset(&one, sig);
      timespec now{0, 0};
      if (::sigtimedwait(&one, nullptr, &now) == sig) record_stop(sig);
    }
  }
  return stop_requested();
}

void throw_if_stop_requested() {
  if (int sig = stop_requested(); sig != 0) throw Interrupted(sig);
}

StopSignalScope::StopSignalScope() {
  static_assert(kHandled + kIgnored <= kMaxSignals);
  if (g_depth++ == 0) g_stop_signal.store(0, std::memory_order_relaxed);
  struct sigaction action {};
  action.sa_handler = record_stop;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a blocking call the signal interrupts returns EINTR, and
  // its loop looks at stop_requested().
  for (int i = 0; i < kHandled; ++i) ::sigaction(kStopSignals[i], &action, &previous_[i]);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  for (int i = 0; i < kIgnored; ++i) ::sigaction(kIgnoredSignals[i], &ignore, &previous_[kHandled + i]);
}

StopSignalScope::~StopSignalScope() {
  for (int i = 0; i < kHandled; ++i) ::sigaction(kStopSignals[i], &previous_[i], nullptr);
  for (int i = 0; i < kIgnored; ++i) ::sigaction(kIgnoredSignals[i], &previous_[kHandled + i], nullptr);
  --g_depth;
}

void reset_signals_for_worker() {
  // sigaction, not signal(): this runs between fork() and exec or _exit.
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    ::sigaction(sig, &default_action, nullptr);  // fails harmlessly for signals glibc reserves
  }
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace mpingest
