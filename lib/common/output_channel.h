#pragma once
// Where a run writes what it produces (--emit records, the report): a file
// it creates or a standard stream, written so that a stop signal or a
// reader that went away always ends the run the same documented way.
//
// - A stop signal is noticed even while the output does not drain (a
//   reader that does not read): a pipe, FIFO or terminal is written through
//   a private non-blocking description (/proc/self/fd/N reopened, so the
//   shared one is left as it was), a socket with send(MSG_DONTWAIT), and
//   both are polled; after a stop signal the write
//   in progress gets kStopGraceMs to finish, then Interrupted is thrown.
// - A reader that closed the pipe (EPIPE; SIGPIPE is ignored during a run)
//   throws OutputClosed: exit 141, in every mode.
// - Any other failure (no space, over `ulimit -f`, a closed stdout) throws
//   ResourceError naming the output: exit 5.
// Callers write whole records, so output ends at a record boundary unless
// the grace ran out mid-write; then the exception says so.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/unique_fd.h"

namespace mpingest {

class OutputChannel {
 public:
  static constexpr int kStopGraceMs = 200;

  // Creates (or truncates) `path`, mode 0644. Throws UsageError if it cannot.
  static OutputChannel create_file(const std::string& path);
  // An existing regular file that an earlier run wrote: cut after its first
  // `keep` bytes, which must end with `tail`, and written after them.
  // Throws UsageError saying why not (absent, shorter, other bytes there).
  static OutputChannel continue_file(const std::string& path, std::uint64_t keep, std::string_view tail);
  // Standard output or standard error (not owned, never closed).
  static OutputChannel standard(int fd);

  OutputChannel(OutputChannel&&) = default;
  OutputChannel& operator=(OutputChannel&&) = default;

  // Writes all of `data` or throws (see above).
  void write_all(std::string_view data);
  // What messages call it: "--emit out.jsonl", "stdout".
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  std::uint64_t bytes_written() const { return written_; }
  bool regular_file() const { return regular_; }
  // A regular file: fdatasync's what was written (a journal that says how
  // far the output got must not be on disk before the output is). Throws
  // ResourceError when the disk is full, RunError otherwise.
  void sync();

 private:
  OutputChannel(int fd, UniqueFd owned, std::string name);
  void wait_writable(std::int64_t& stop_deadline_ns);

  int fd_;           // what is written to
  UniqueFd owned_;   // fd_ when this channel opened it
  bool socket_ = false;  // written with send(MSG_DONTWAIT)
  bool closed_ = false;  // a standard stream that was closed at start
  bool regular_ = false;  // a regular file: a failed write is cut back
  std::string name_;
  std::uint64_t written_ = 0;
};

// At startup: if stdin, stdout or stderr is closed, puts /dev/null there
// opened the wrong way round, so that no file the run opens takes the
// number (and receives the report), and writing the report fails visibly.
void guard_standard_descriptors();

}  // namespace mpingest
