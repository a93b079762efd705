#include "ipclab/lab_run.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>

#include "common/interrupt.h"
#include "common/stopwatch.h"
#include "common/system_error.h"
#include "ipc/frame_codec.h"
#include "ipc/pipe_writer.h"
#include "ipclab/lab_message.h"
#include "ipclab/lab_transport.h"
#include "launch/child_process_set.h"

namespace mpingest {
namespace {

// A run that makes no progress for this long has a stuck peer: fail, never hang.
constexpr std::int64_t kStallNs = 30'000'000'000;

double cpu_seconds(clockid_t clock) {
  timespec t{};
  ::clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

void pin_to_cpu(int index) {
  long cpus = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(static_cast<int>(index % cpus), &set);
  ::sched_setaffinity(0, sizeof set, &set);  // best effort: a cpuset may forbid it
}

// What a worker tells the parent at the end, on its ChildProcessSet pipe.
struct WorkerReport {
  double cpu_s = 0;
  std::uint64_t messages = 0;
};

// Test hook: MPINGEST_TEST_IPC_KILL=W:K makes worker W send the first half of
// its message K and then SIGKILL itself: a worker dying mid-message.
struct KillHook {
  int worker = -1;
  std::uint64_t at = 0;
};
KillHook kill_hook_from_env() {
  KillHook hook;
  if (const char* text = std::getenv("MPINGEST_TEST_IPC_KILL")) {
    unsigned long long at = 0;
    if (std::sscanf(text, "%d:%llu", &hook.worker, &at) != 2) hook.worker = -1;
    hook.at = at;
  }
  return hook;
}

// Sleeps until one of `ends` may have something, a stop signal, or 100 ms.
// Stop signals are blocked outside ppoll (the ChildProcessSet does that).
void wait_for_any(const std::vector<LabEnd*>& ends) {
  std::vector<pollfd> fds;
  for (LabEnd* end : ends) {
    if (!end->prepare_to_wait()) return;
    for (int fd : end->wait_fds())
      if (std::none_of(fds.begin(), fds.end(), [fd](const pollfd& p) { return p.fd == fd; }))
        fds.push_back({fd, POLLIN, 0});
  }
  sigset_t mask;
  ::pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  for (int s = 1; s < NSIG; ++s)
    if (sigismember(&stop_signals(), s)) sigdelset(&mask, s);
  timespec timeout{0, 100'000'000};
  ::ppoll(fds.data(), fds.size(), &timeout, &mask);
  throw_if_stop_requested();
}

// The worker's side of pingpong: one message in, the same message back.
void echo_messages(LabEnd& end, const LabMessages& messages, int worker, std::uint64_t count, pid_t parent) {
  std::uint64_t seq = 0;
  std::vector<LabEnd*> self{&end};
  auto deliver = [&](std::string_view message) {
    std::string wrong = messages.check(message, worker, seq);
    if (!wrong.empty()) throw RunError("message " + std::to_string(seq) + " from the parent: " + wrong);
    end.send(message);
    end.flush();
    ++seq;
  };
  while (seq < count) {
    // The parent may close as soon as the last echo is in: EOF after it is the end, not an error.
    if (!end.receive(deliver) && seq < count) throw RunError("the parent closed its end");
    if (seq < count) wait_for_any(self);
    if (::getppid() != parent) throw RunError("the parent died");
  }
}

int worker_main(LabTransport& transport, const LabRunSpec& spec, const LabMessages& messages, int worker,
                int go_fd, int report_fd, pid_t parent) {
  std::unique_ptr<LabEnd> end = transport.worker_end(worker);
  if (spec.pin) pin_to_cpu(worker + 1);
  char byte;
  while (::read(go_fd, &byte, 1) < 0 && errno == EINTR) {
  }  // EOF: the parent let every worker go at once
  double cpu_start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  if (spec.pattern == LabPattern::stream) {
    KillHook hook = kill_hook_from_env();
    std::string message;
    for (std::uint64_t seq = 0; seq < spec.messages; ++seq) {
      messages.fill(message, worker, seq);
      if (hook.worker == worker && hook.at == seq) {
        end->send(std::string_view(message).substr(0, message.size() / 2));
        end->flush();
        ::raise(SIGKILL);
      }
      end->send(message);
    }
    end->flush();
  } else {
    echo_messages(*end, messages, worker, spec.messages, parent);
  }
  WorkerReport report{cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start, spec.messages};
  wire::write_all(report_fd, wire::encode_frame(wire::FrameType::result,
                                                std::string_view(reinterpret_cast<const char*>(&report), sizeof report)));
  return 0;
}

// The parent's side of a run, over the workers' ends.
class ParentLoop {
 public:
  ParentLoop(const LabRunSpec& spec, const LabMessages& messages, std::vector<std::unique_ptr<LabEnd>>& ends)
      : spec_(spec), messages_(messages), ends_(ends), received_(ends.size(), 0), open_(ends.size(), true),
        sent_at_(ends.size(), 0), outgoing_(ends.size()) {}

  void run(LabSample& sample) {
    std::uint64_t wanted = spec_.messages * ends_.size();
    if (spec_.pattern == LabPattern::pingpong)
      for (std::size_t w = 0; w < ends_.size(); ++w) send_ping(w);
    std::int64_t last_progress = steady_ns();
    std::int64_t last_stop_check = last_progress;
    while (done_ < wanted) {
      // A parent that always finds data never sleeps in ppoll, where stop
      // signals are let in: look for one every 10 ms as well.
      if (steady_ns() - last_stop_check > 10'000'000) {
        last_stop_check = steady_ns();
        if (int signal_number = stop_requested_or_pending()) throw Interrupted(signal_number);
      }
      std::uint64_t before = done_;
      std::vector<LabEnd*> waiting;
      for (std::size_t w = 0; w < ends_.size(); ++w) {
        if (!open_[w]) continue;
        if (!ends_[w]->receive([&](std::string_view m) { arrived(w, m, sample); })) {
          open_[w] = false;
          if (received_[w] < spec_.messages) throw_cut_short(w);
          continue;
        }
        waiting.push_back(ends_[w].get());
      }
      if (done_ != before) {
        last_progress = steady_ns();
        continue;
      }
      if (steady_ns() - last_progress > kStallNs) throw RunError("no message for 30 s: a worker is stuck");
      wait_for_any(waiting);
    }
    sample.messages = done_;
    sample.bytes = done_ * spec_.size;
  }

 private:
  void send_ping(std::size_t w) {
    messages_.fill(outgoing_[w], static_cast<int>(w), received_[w]);
    sent_at_[w] = steady_ns();
    ends_[w]->send(outgoing_[w]);
    ends_[w]->flush();
  }

  void arrived(std::size_t w, std::string_view message, LabSample& sample) {
    if (received_[w] >= spec_.messages) throw RunError("worker " + std::to_string(w) + " sent more messages than asked");
    std::string wrong = messages_.check(message, static_cast<int>(w), received_[w]);
    if (!wrong.empty())
      throw RunError("worker " + std::to_string(w) + "'s message " + std::to_string(received_[w]) + ": " + wrong);
    ++received_[w];
    ++done_;
    if (spec_.pattern == LabPattern::pingpong) {
      sample.round_trip_ns.push_back(steady_ns() - sent_at_[w]);
      if (received_[w] < spec_.messages) send_ping(w);
    }
  }

  [[noreturn]] void throw_cut_short(std::size_t w) {
    std::string what = "worker " + std::to_string(w) + " closed its end after " + std::to_string(received_[w]) +
                       " of " + std::to_string(spec_.messages) + " messages";
    if (std::size_t partial = ends_[w]->partial_bytes(); partial > 0)
      what += ", in the middle of the next (" + std::to_string(partial) + " of " + std::to_string(spec_.size) +
              " bytes)";
    throw RunError(what);
  }

  const LabRunSpec& spec_;
  const LabMessages& messages_;
  std::vector<std::unique_ptr<LabEnd>>& ends_;
  std::vector<std::uint64_t> received_;
  std::vector<bool> open_;
  std::vector<std::int64_t> sent_at_;
  std::vector<std::string> outgoing_;
  std::uint64_t done_ = 0;
};

class AffinityRestorer {
 public:
  AffinityRestorer() { saved_ = ::sched_getaffinity(0, sizeof set_, &set_) == 0; }
  ~AffinityRestorer() {
    if (saved_) ::sched_setaffinity(0, sizeof set_, &set_);
  }

 private:
  cpu_set_t set_{};
  bool saved_ = false;
};

}  // namespace

const char* lab_pattern_name(LabPattern pattern) { return pattern == LabPattern::stream ? "stream" : "pingpong"; }

LabPattern parse_lab_pattern(const std::string& name) {
  if (name == "stream") return LabPattern::stream;
  if (name == "pingpong") return LabPattern::pingpong;
  throw UsageError("unknown pattern '" + name + "' (known: stream, pingpong)");
}

LabSample run_lab_once(const LabRunSpec& spec) {
  if (spec.workers < 1) throw UsageError("--workers must be at least 1");
  if (spec.size < 1) throw UsageError("a message must be at least 1 byte");
  LabMessages messages(spec.size);
  std::unique_ptr<LabTransport> transport = make_lab_transport(spec.transport, spec.workers, spec.size);
  int go[2];
  if (::pipe2(go, O_CLOEXEC) != 0) throw_system_error("ipc: pipe", errno);
  UniqueFd go_read(go[0]), go_write(go[1]);
  AffinityRestorer affinity;
  pid_t parent = ::getpid();
  std::string label = spec.transport + " " + lab_pattern_name(spec.pattern) + " " + std::to_string(spec.size) + " B: ";

  ChildProcessSet children;
  std::vector<pid_t> pids;
  for (int w = 0; w < spec.workers; ++w)
    pids.push_back(children.start(w, [&, w](int report_fd) {
      go_write.reset();
      return worker_main(*transport, spec, messages, w, go_read.get(), report_fd, parent);
    }));
  transport->close_worker_ends();
  go_read.reset();
  std::vector<std::unique_ptr<LabEnd>> ends;
  for (int w = 0; w < spec.workers; ++w) ends.push_back(transport->parent_end(w));
  if (spec.pin) pin_to_cpu(0);

  LabSample sample;
  std::string failure;
  std::vector<bool> ended_first(pids.size(), false);  // before the lab stopped them, after a failure
  try {
    ParentLoop loop(spec, messages, ends);
    double cpu_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    std::int64_t start = steady_ns();
    go_write.reset();
    loop.run(sample);
    sample.wall_s = static_cast<double>(steady_ns() - start) * 1e-9;
    sample.reader_cpu_s = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
  } catch (const Interrupted&) {
    throw;  // the ChildProcessSet kills and reaps the workers
  } catch (const std::exception& e) {
    failure = e.what();
    for (std::size_t w = 0; w < pids.size(); ++w) {
      siginfo_t info{};
      ended_first[w] = ::waitid(P_PID, static_cast<id_t>(pids[w]), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                       info.si_pid != 0;
      children.kill(static_cast<int>(w), SIGKILL);
    }
  }
  ends.clear();  // a worker still echoing sees its parent's end close
  std::vector<std::string> worker_errors;
  std::vector<ChildExit> exits = children.wait_all([&](int id, wire::Frame&& frame) {
    if (frame.type == wire::FrameType::worker_error) {
      worker_errors.push_back("worker " + std::to_string(id) + ": " + frame.payload);
    } else if (frame.type == wire::FrameType::result && frame.payload.size() == sizeof(WorkerReport)) {
      WorkerReport report;
      std::memcpy(&report, frame.payload.data(), sizeof report);
      sample.writers_cpu_s += report.cpu_s;
    }
  });
  if (!failure.empty()) {
    std::string text = label + failure;
    for (const ChildExit& exit : exits)
      if (ended_first[static_cast<std::size_t>(exit.id)] && !exit.exited_cleanly())
        text += "; worker " + std::to_string(exit.id) + " (pid " + std::to_string(exit.pid) + ") " + exit.describe();
    text += "; the lab then stopped the workers still running";
    for (const std::string& error : worker_errors) text += "; " + error;
    throw RunError(text);
  }
  for (const ChildExit& exit : exits)
    if (!exit.exited_cleanly())
      throw RunError(label + "worker " + std::to_string(exit.id) + " (pid " + std::to_string(exit.pid) + ") " +
                     exit.describe() + (worker_errors.empty() ? "" : "; " + worker_errors.front()));
  return sample;
}

}  // namespace mpingest
