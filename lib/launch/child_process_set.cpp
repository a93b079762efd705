#include "launch/child_process_set.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/stopwatch.h"
#include "common/system_error.h"
#include "ipc/pipe_writer.h"

namespace mpingest {
namespace {

volatile sig_atomic_t g_interrupt_signal = 0;

void record_signal(int signal_number) { g_interrupt_signal = signal_number; }

void install(int signal_number, struct sigaction* old) {
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  if (::sigaction(signal_number, &action, old) != 0) throw system_error("sigaction", errno);
}

pid_t wait_for(pid_t pid, int* status) {
  pid_t r;
  do {
    r = ::waitpid(pid, status, 0);
  } while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace

bool prepare_worker_process(pid_t expected_parent) {
  // Crash handlers too (a test runner's, say): a crashing worker must simply die.
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) ::signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // A crashed or killed parent must not leave workers behind.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  return ::getppid() == expected_parent;
}

bool ChildExit::exited_cleanly() const {
  return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0 && stream_error.empty();
}

std::string ChildExit::describe() const {
  std::string text;
  if (WIFSIGNALED(wait_status)) {
    int sig = WTERMSIG(wait_status);
    text = "killed by signal " + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
  } else if (WIFEXITED(wait_status)) {
    text = "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  } else {
    text = "ended with wait status " + std::to_string(wait_status);
  }
  if (!stream_error.empty()) text += "; " + stream_error;
  return text;
}

ChildProcessSet::ChildProcessSet() {
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGINT);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGHUP);
  if (::sigprocmask(SIG_BLOCK, &blocked, &old_mask_) != 0) throw system_error("sigprocmask", errno);
  g_interrupt_signal = 0;
  install(SIGINT, &old_int_);
  install(SIGTERM, &old_term_);
  install(SIGHUP, &old_hup_);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, &old_pipe_);
}

ChildProcessSet::~ChildProcessSet() {
  kill_and_reap_all();
  ::sigaction(SIGINT, &old_int_, nullptr);
  ::sigaction(SIGTERM, &old_term_, nullptr);
  ::sigaction(SIGHUP, &old_hup_, nullptr);
  ::sigaction(SIGPIPE, &old_pipe_, nullptr);
  ::sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
}

pid_t ChildProcessSet::start(int id, const ChildBody& body) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw system_error("pipe", errno);
  UniqueFd read_end(fds[0]);
  UniqueFd write_end(fds[1]);
  std::fflush(nullptr);  // no buffered output may be written twice
  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw system_error("fork", errno);
  if (pid == 0) {
    read_end.reset();
    if (!prepare_worker_process(parent)) ::_exit(kChildOrphaned);
    run_child(write_end.release(), body);
  }
  adopt(id, pid, std::move(read_end));
  return pid;
}

void ChildProcessSet::kill(int id, int signal_number) {
  for (Child& child : children_) {
    if (child.id == id && !child.reaped) ::kill(child.pid, signal_number);
  }
}

void ChildProcessSet::adopt(int id, pid_t pid, UniqueFd read_fd, UniqueFd feed_fd, Feed feed) {
  Child child;
  child.id = id;
  child.pid = pid;
  child.read_fd = std::move(read_fd);
  child.exit.id = id;
  child.exit.pid = pid;
  if (feed_fd.valid() && feed) {
    int flags = ::fcntl(feed_fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(feed_fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) throw system_error("fcntl", errno);
    child.feed_fd = std::move(feed_fd);
    child.feed = std::move(feed);
  }
  children_.push_back(std::move(child));
  write_feed(children_.back());  // as much as the pipe takes now: the child can start at once
}

void ChildProcessSet::write_feed(Child& child) {
  while (child.feed_fd.valid()) {
    if (child.feed_written == child.feed_pending.size()) {
      child.feed_pending = child.feed();
      child.feed_written = 0;
      if (child.feed_pending.empty()) {
        child.feed_fd.reset();  // all sent: the child reads EOF after the last bytes
        return;
      }
    }
    ssize_t n = ::write(child.feed_fd.get(), child.feed_pending.data() + child.feed_written,
                        child.feed_pending.size() - child.feed_written);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;  // the pipe is full: poll says when it has room
      // EPIPE: the child closed its end (finished, or died: its exit says which).
      child.feed_fd.reset();
      std::string().swap(child.feed_pending);
      return;
    }
    child.feed_written += static_cast<std::size_t>(n);
  }
}

void ChildProcessSet::run_child(int write_fd, const ChildBody& body) {
  // Other workers' pipes were inherited: close them so their EOF is theirs alone.
  for (Child& other : children_) {
    other.read_fd.reset();
    other.feed_fd.reset();
  }
  int code = kChildCrashed;
  try {
    code = body(write_fd);
  } catch (const std::exception& e) {
    wire::send_worker_error(write_fd, e.what());
  } catch (...) {
    wire::send_worker_error(write_fd, "unknown exception");
  }
  ::_exit(code);
}

std::vector<ChildExit> ChildProcessSet::wait_all(const FrameHandler& on_frame, const ReadGate& may_read) {
  try {
    std::vector<pollfd> fds;
    std::vector<Child*> owners;
    while (true) {
      fds.clear();
      owners.clear();
      // Result pipes first, then the job pipes still being fed (POLLOUT).
      for (bool gated : {true, false}) {
        for (Child& child : children_) {
          if (child.read_fd.valid() && (!gated || !may_read || may_read(child.id))) {
            fds.push_back({child.read_fd.get(), POLLIN, 0});
            owners.push_back(&child);
          }
        }
        if (!fds.empty()) break;  // else: everyone is gated; read all rather than stall
      }
      if (fds.empty()) break;
      const std::size_t reads = fds.size();
      for (Child& child : children_) {
        if (child.feed_fd.valid() && child.read_fd.valid()) {
          fds.push_back({child.feed_fd.get(), POLLOUT, 0});
          owners.push_back(&child);
        }
      }
      timespec tick{tick_interval_ms_ / 1000, static_cast<long>(tick_interval_ms_ % 1000) * 1'000'000};
      int ready = ::ppoll(fds.data(), fds.size(), tick_ ? &tick : nullptr, &old_mask_);
      if (ready < 0 && errno != EINTR) throw system_error("ppoll", errno);
      if (g_interrupt_signal != 0) throw Interrupted(g_interrupt_signal);
      if (tick_) tick_();
      for (std::size_t i = 0; ready > 0 && i < fds.size(); ++i) {
        if (fds[i].revents == 0) continue;
        if (i < reads) {
          read_from(*owners[i], on_frame);
        } else {
          write_feed(*owners[i]);
        }
      }
    }
  } catch (...) {
    kill_and_reap_all();
    throw;
  }
  std::vector<ChildExit> exits;
  for (Child& child : children_) exits.push_back(child.exit);
  children_.clear();
  return exits;
}

void ChildProcessSet::read_from(Child& child, const FrameHandler& on_frame) {
  char buffer[1 << 16];
  auto start = SteadyClock::now();
  ssize_t n = ::read(child.read_fd.get(), buffer, sizeof buffer);
  if (n < 0) {
    if (errno == EINTR || errno == EAGAIN) return;
    child.exit.stream_error = "reading its pipe failed: " + errno_text(errno);
    finish(child);
    return;
  }
  if (n == 0) {
    if (child.decoder.pending_bytes() != 0 && child.exit.stream_error.empty())
      child.exit.stream_error = "its last frame was truncated (" +
                                std::to_string(child.decoder.pending_bytes()) + " bytes)";
    finish(child);
    return;
  }
  child.exit.bytes_received += static_cast<std::uint64_t>(n);
  if (!child.exit.stream_error.empty()) return;  // drain and ignore after corruption
  child.decoder.feed(buffer, static_cast<std::size_t>(n));
  try {
    // Receiving is read + feed + cutting frames; what the handler does with them is not.
    while (true) {
      std::optional<wire::Frame> frame = child.decoder.next();
      child.exit.receive_s += seconds_since(start);
      if (!frame) break;
      on_frame(child.id, std::move(*frame));
      start = SteadyClock::now();
    }
  } catch (const wire::WireError& e) {
    child.exit.stream_error = e.what();
    ::kill(child.pid, SIGKILL);  // it is no longer speaking our protocol
  }
}

// EOF on the pipe: the child has exited or is about to; reap it.
void ChildProcessSet::finish(Child& child) {
  child.exit.eof_ns = steady_ns();
  child.read_fd.reset();
  child.feed_fd.reset();
  if (wait_for(child.pid, &child.exit.wait_status) == child.pid) child.reaped = true;
}

void ChildProcessSet::kill_and_reap_all() noexcept {
  for (Child& child : children_) {
    if (!child.reaped) ::kill(child.pid, SIGKILL);
  }
  for (Child& child : children_) {
    if (!child.reaped) {
      int status = 0;
      wait_for(child.pid, &status);
      child.reaped = true;
    }
    child.read_fd.reset();
    child.feed_fd.reset();
  }
  children_.clear();
}

}  // namespace mpingest
