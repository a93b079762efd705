#include "launch/child_process_set.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/posix.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <new>

#include "common/malloc_policy.h"
#include "common/resource_limits.h"
#include "common/stopwatch.h"
#include "common/system_error.h"
#include "ipc/pipe_writer.h"

namespace bp = boost::process;

namespace mpingest {
namespace {

// While a child has closed its pipe but not yet exited, the loop polls its
// pidfd, which wakes it the moment the child exits; where the kernel has no
// pidfd (before 5.3) or no descriptor is left, it looks again this often.
// It never blocks in waitpid.
constexpr int kReapPollMs = 2;

int open_pidfd(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// Close-on-exec on both ends: a child gets only what is bound to its stdin
// and stdout, never its siblings' pipes.
Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_system_error("cannot start a worker: pipe", errno);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// Whether `pid` is a child of this process that has not been reaped (alive
// or a zombie): the only pids this set will ever signal or wait for.
bool is_unreaped_child(pid_t pid) {
  if (pid <= 0) return false;
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0;
}

}  // namespace

bool prepare_worker_process(pid_t expected_parent) {
  // Crash handlers too (a test runner's, say): a crashing worker must simply die.
  reset_signals_for_worker();
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
  if (::sigprocmask(SIG_BLOCK, &stop_signals(), &old_mask_) != 0) throw system_error("sigprocmask", errno);
}

ChildProcessSet::~ChildProcessSet() {
  kill_and_reap_all();
  ::sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
}

void ChildProcessSet::check_stop() {
  // A zero-timeout ppoll with the old mask runs the handlers of pending signals.
  timespec now{0, 0};
  ::ppoll(nullptr, 0, &now, &old_mask_);
  throw_if_stop_requested();
}

pid_t ChildProcessSet::start(int id, const ChildBody& body) {
  Pipe pipe = make_pipe();
  std::fflush(nullptr);  // no buffered output may be written twice
  const pid_t parent = ::getpid();
  const pid_t group = group_;
  pid_t pid = ::fork();
  if (pid < 0) throw_system_error("cannot start a worker: fork" + process_limit_hint(), errno);
  if (pid == 0) {
    ::setpgid(0, group);  // as the parent does below: whoever runs first
    pipe.read.reset();
    return_freed_memory_before_forks();  // a worker keeps no freed heap, whatever its parent does now
    if (!prepare_worker_process(parent)) ::_exit(kChildOrphaned);
    run_child(pipe.write.release(), body);
  }
  adopt(id, pid, std::move(pipe.read));
  return pid;
}

pid_t ChildProcessSet::spawn(int id, const std::string& exe, const std::vector<std::string>& args, Feed feed, int fd3) {
  Pipe job = make_pipe();
  Pipe result = make_pipe();
  const pid_t group = group_;
  std::error_code ec;
  errno = 0;
  auto in_group = bp::extend::on_exec_setup = [group](auto&) { ::setpgid(0, group); };
  bp::child child = fd3 >= 0 ? bp::child(bp::exe = exe, bp::args = args, bp::posix::fd.bind(STDIN_FILENO, job.read.get()),
                                         bp::posix::fd.bind(STDOUT_FILENO, result.write.get()),
                                         bp::posix::fd.bind(3, fd3), in_group, ec)
                             : bp::child(bp::exe = exe, bp::args = args, bp::posix::fd.bind(STDIN_FILENO, job.read.get()),
                                         bp::posix::fd.bind(STDOUT_FILENO, result.write.get()), in_group, ec);
  const int err = errno;
  if (ec) throw_system_error("cannot start worker " + exe, ec.value());
  // Boost.Process 1.74 returns a child with pid -1 and no error when its own
  // pipe(2) fails (out of descriptors): never let that pid reach kill() or waitpid().
  if (!child.valid() || child.id() <= 0) {
    if (is_resource_errno(err)) throw_system_error("cannot start worker " + exe, err);
    throw RunError("cannot start worker " + exe + ": no process was created");
  }
  pid_t pid = child.id();
  child.detach();  // this set reaps it from now on
  job.read.reset();
  result.write.reset();
  adopt(id, pid, std::move(result.read), std::move(job.write), std::move(feed));
  return pid;
}

void ChildProcessSet::join_group(pid_t pid) {
  ::setpgid(pid, group_);  // fails (EACCES) once an exec'd child did it itself
  if (group_ == 0 && ::getpgid(pid) == pid) group_ = pid;
}

void ChildProcessSet::kill(int id, int signal_number) {
  for (Child& child : children_) {
    if (child.id == id && !child.reaped && child.pid > 0) ::kill(child.pid, signal_number);
  }
}

void ChildProcessSet::adopt(int id, pid_t pid, UniqueFd read_fd, UniqueFd feed_fd, Feed feed) {
  if (!is_unreaped_child(pid)) throw RunError("refusing to adopt pid " + std::to_string(pid) + ": not a child of ours");
  join_group(pid);
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
  } catch (const ResourceError& e) {
    wire::send_worker_error(write_fd, e.what());
    code = kChildOutOfResources;
  } catch (const std::bad_alloc&) {
    wire::send_worker_error(write_fd, "out of memory");
    code = kChildOutOfResources;
  } catch (const std::exception& e) {
    wire::send_worker_error(write_fd, e.what());
  } catch (...) {
    wire::send_worker_error(write_fd, "unknown exception");
  }
  ::_exit(code);
}

bool ChildProcessSet::any_failed() const {
  for (const Child& child : children_) {
    if ((child.reaped && !child.exit.exited_cleanly()) || !child.exit.stream_error.empty()) return true;
  }
  return false;
}

bool ChildProcessSet::all_reaped() const {
  for (const Child& child : children_) {
    if (!child.reaped) return false;
  }
  return true;
}

ProcessEvent ChildProcessSet::next(const ReadGate& may_read, int tick_ms) {
  try {
    while (events_.empty()) {
      bool all_reported = true;
      for (const Child& child : children_) all_reported &= child.reported;
      if (all_reported) {  // the round is over: the set is empty again
        children_.clear();
        group_ = 0;
        return {};
      }
      poll_once(may_read, tick_ms);
    }
  } catch (...) {
    kill_and_reap_all();
    throw;
  }
  ProcessEvent event = std::move(events_.front());
  events_.pop_front();
  return event;
}

void ChildProcessSet::poll_once(const ReadGate& may_read, int tick_ms) {
  std::vector<pollfd> fds;
  std::vector<Child*> owners;
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
  // Children whose pipe has closed but who have not exited yet: their
  // pidfd says when they do.
  bool awaiting_without_pidfd = false;
  std::vector<pollfd> exits;
  for (Child& child : children_) {
    if (child.read_fd.valid()) continue;
    if (try_reap(child)) {
      if (!child.reported) {
        child.reported = true;
        ProcessEvent event;
        event.kind = ProcessEvent::Kind::exited;
        event.id = child.id;
        event.exit = child.exit;
        events_.push_back(std::move(event));
      }
      continue;
    }
    if (!child.exit_fd.valid()) child.exit_fd.reset(open_pidfd(child.pid));
    if (child.exit_fd.valid()) {
      exits.push_back({child.exit_fd.get(), POLLIN, 0});
    } else {
      awaiting_without_pidfd = true;
    }
  }
  if (!events_.empty()) return;  // report the ends before waiting again
  const std::size_t reads = fds.size();
  for (Child& child : children_) {
    if (child.feed_fd.valid() && child.read_fd.valid()) {
      fds.push_back({child.feed_fd.get(), POLLOUT, 0});
      owners.push_back(&child);
    }
  }
  const std::size_t feeds_end = fds.size();
  for (const pollfd& p : exits) {
    fds.push_back(p);
    owners.push_back(nullptr);  // looked at by try_reap above, next time round
  }
  int wait_ms = awaiting_without_pidfd ? kReapPollMs : (tick_ms > 0 ? tick_ms : -1);
  if (tick_ms > 0 && wait_ms > tick_ms) wait_ms = tick_ms;
  timespec timeout{wait_ms / 1000, static_cast<long>(wait_ms % 1000) * 1'000'000};
  int ready = ::ppoll(fds.data(), fds.size(), wait_ms >= 0 ? &timeout : nullptr, &old_mask_);
  if (ready < 0 && errno != EINTR) throw system_error("ppoll", errno);
  throw_if_stop_requested();
  if (tick_ms > 0) {
    ProcessEvent tick;
    tick.kind = ProcessEvent::Kind::tick;
    events_.push_back(std::move(tick));
  }
  for (std::size_t i = 0; ready > 0 && i < feeds_end; ++i) {
    if (fds[i].revents == 0) continue;
    if (i < reads) {
      read_from(*owners[i]);
    } else {
      write_feed(*owners[i]);
    }
  }
}

std::vector<ChildExit> ChildProcessSet::wait_all(const std::function<void(int id, wire::Frame&& frame)>& on_frame) {
  std::vector<int> order;
  for (const Child& child : children_) order.push_back(child.id);
  std::vector<ChildExit> exits;
  for (ProcessEvent event = next(); event.kind != ProcessEvent::Kind::done; event = next()) {
    if (event.kind == ProcessEvent::Kind::frame) on_frame(event.id, std::move(event.frame));
    if (event.kind == ProcessEvent::Kind::exited) exits.push_back(std::move(event.exit));
  }
  std::stable_sort(exits.begin(), exits.end(), [&order](const ChildExit& a, const ChildExit& b) {
    return std::find(order.begin(), order.end(), a.id) < std::find(order.begin(), order.end(), b.id);
  });
  return exits;
}

void ChildProcessSet::read_from(Child& child) {
  char buffer[1 << 16];
  auto start = SteadyClock::now();
  ssize_t n = ::read(child.read_fd.get(), buffer, sizeof buffer);
  if (n < 0) {
    if (errno == EINTR || errno == EAGAIN) return;
    child.exit.stream_error = "reading its pipe failed: " + errno_text(errno);
    close_pipes(child);
    return;
  }
  if (n == 0) {
    if (child.decoder.pending_bytes() != 0 && child.exit.stream_error.empty())
      child.exit.stream_error = "its last frame was truncated (" +
                                std::to_string(child.decoder.pending_bytes()) + " bytes)";
    close_pipes(child);
    return;
  }
  child.exit.bytes_received += static_cast<std::uint64_t>(n);
  if (!child.exit.stream_error.empty()) return;  // drain and ignore after corruption
  child.decoder.feed(buffer, static_cast<std::size_t>(n));
  try {
    // Receiving is read + feed + cutting frames; what the caller does with them is not.
    while (std::optional<wire::Frame> frame = child.decoder.next()) {
      ProcessEvent event;
      event.kind = ProcessEvent::Kind::frame;
      event.id = child.id;
      event.frame = std::move(*frame);
      events_.push_back(std::move(event));
    }
    child.exit.receive_s += seconds_since(start);
  } catch (const wire::WireError& e) {
    child.exit.stream_error = e.what();
    ::kill(child.pid, SIGKILL);  // it is no longer speaking our protocol
  }
}

// EOF on the pipe: the child has exited or is about to. It is reaped by
// the loop (try_reap), which never blocks on it.
void ChildProcessSet::close_pipes(Child& child) {
  child.exit.eof_ns = steady_ns();
  child.read_fd.reset();
  child.feed_fd.reset();
  try_reap(child);
}

bool ChildProcessSet::try_reap(Child& child) {
  if (child.reaped) return true;
  pid_t r;
  do {
    r = ::waitpid(child.pid, &child.exit.wait_status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == child.pid || (r < 0 && errno == ECHILD)) {  // ECHILD: someone else reaped it
    child.reaped = true;
    child.exit_fd.reset();
  }
  return child.reaped;
}

void ChildProcessSet::kill_and_reap_all() noexcept {
  // One signal to the whole group, then each pid in case one never joined it.
  bool any = !all_reaped();
  if (any && group_ > 0) ::kill(-group_, SIGKILL);
  for (Child& child : children_) {
    if (!child.reaped && child.pid > 0) ::kill(child.pid, SIGKILL);
  }
  for (Child& child : children_) {
    child.read_fd.reset();
    child.feed_fd.reset();
    child.exit_fd.reset();
    if (child.reaped || child.pid <= 0) continue;
    // Our own child, just sent SIGKILL: this wait ends as soon as it dies.
    pid_t r;
    do {
      r = ::waitpid(child.pid, &child.exit.wait_status, 0);
    } while (r < 0 && errno == EINTR);
    child.reaped = true;
  }
  children_.clear();
  events_.clear();
  group_ = 0;
}

}  // namespace mpingest
