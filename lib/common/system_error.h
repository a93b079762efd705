#pragma once
// One error currency for failures that end a run (as opposed to per-item
// errors, which are data: see result/shard_result.h).

#include <stdexcept>
#include <string>

namespace mpingest {

// Text of an errno value, e.g. "Permission denied".
std::string errno_text(int err);

// A failure of the run itself: unusable input root, fork failure, IPC corruption.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A problem with what the user asked for; the CLI maps it to exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the machine could not give the run: file descriptors, processes,
// threads, memory, space in /dev/shm or on disk, a writable output. The CLI
// maps it to exit code 5, with the message saying which and what to change.
class ResourceError : public RunError {
 public:
  using RunError::RunError;
};

// The reader of an output pipe went away (EPIPE), e.g. `--emit - | head`.
// The CLI exits 141, as a process killed by SIGPIPE would.
class OutputClosed : public RunError {
 public:
  using RunError::RunError;
};

// "context: strerror(err)", e.g. "open /x/y: No such file or directory".
RunError system_error(const std::string& context, int err);

// Whether `err` means a resource ran out (EMFILE, ENFILE, ENOMEM, EAGAIN from
// fork or clone, ENOSPC, EDQUOT, EFBIG) rather than a problem of one input.
bool is_resource_errno(int err);

// The same text as system_error, as a ResourceError when is_resource_errno(err).
[[noreturn]] void throw_system_error(const std::string& context, int err);
// For a path the user named: a ResourceError when is_resource_errno(err),
// else a UsageError (it does not exist, is not writable, is not empty...).
[[noreturn]] void throw_path_error(const std::string& context, int err);

}  // namespace mpingest

namespace mpingest {

// The run was stopped by a signal (common/interrupt.h); workers are already gone.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number)
      : std::runtime_error("stopped by signal " + std::to_string(signal_number)),
        signal_number_(signal_number) {}
  int signal_number() const { return signal_number_; }
  // What had been done when the signal came, for the user ("" if unknown).
  const std::string& progress() const { return progress_; }
  void set_progress(std::string progress) { progress_ = std::move(progress); }

 private:
  int signal_number_;
  std::string progress_;
};

}  // namespace mpingest
