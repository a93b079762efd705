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

// "context: strerror(err)", e.g. "open /x/y: No such file or directory".
RunError system_error(const std::string& context, int err);

}  // namespace mpingest

namespace mpingest {

// The run was stopped by SIGINT, SIGTERM or SIGHUP; workers are already gone.
class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal_number)
      : std::runtime_error("interrupted by signal " + std::to_string(signal_number)),
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
