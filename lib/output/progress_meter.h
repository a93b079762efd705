#pragma once
// The parent's progress line on a terminal: redrawn in place with '\r', at
// most every 100 ms, erased at the end.
//
// Fork safety: the meter holds no lock and writes each line with a single
// write(2) of a buffer formatted beforehand (malloc only: no stdio,
// iostream or fmt locale state). In process modes it is driven from the
// parent's own event loop tick (ResultCollector), so the parent stays
// single-threaded while it forks; only the in-process modes (serial,
// threads), which never fork, drive it from a thread (ProgressTicker).
//
// Not thread-safe: one caller at a time.

#include <cstdint>
#include <string>

#include "common/stopwatch.h"

namespace mpingest {

class ProgressMeter {
 public:
  static constexpr int kRedrawIntervalMs = 100;

  // Draws on `fd` (stderr, for the CLI). `bytes_total` 0: unknown.
  ProgressMeter(int fd, std::uint64_t items_total, std::uint64_t bytes_total);
  ~ProgressMeter() { clear(); }
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // Redraws the line if the last redraw is at least kRedrawIntervalMs old
  // (the first update always draws), or whenever `force` is set.
  void update(std::uint64_t items_done, std::uint64_t bytes_done, bool force = false);
  // Erases the line if one is shown; the next update draws again.
  void clear();

  int fd() const { return fd_; }
  std::size_t width() const { return width_; }  // columns a clear must cover

 private:
  void write_out(const std::string& text);

  int fd_;
  std::uint64_t items_total_;
  std::uint64_t bytes_total_;
  SteadyClock::time_point start_;
  SteadyClock::time_point last_draw_;
  bool drawn_ = false;      // a line is on the screen
  bool ever_drawn_ = false; // last_draw_ is meaningful
  std::size_t width_ = 0;   // longest line drawn: shorter ones are padded over it
};

}  // namespace mpingest
