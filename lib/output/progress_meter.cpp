#include "output/progress_meter.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "output/progress_line.h"

namespace mpingest {

ProgressMeter::ProgressMeter(int fd, std::uint64_t items_total, std::uint64_t bytes_total)
    : fd_(fd), items_total_(items_total), bytes_total_(bytes_total), start_(SteadyClock::now()) {}

void ProgressMeter::update(std::uint64_t items_done, std::uint64_t bytes_done, bool force) {
  auto now = SteadyClock::now();
  if (!force && ever_drawn_ && now - last_draw_ < std::chrono::milliseconds(kRedrawIntervalMs)) return;
  last_draw_ = now;
  ever_drawn_ = true;
  double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string line = format_progress_line({items_done, items_total_, bytes_done, bytes_total_, elapsed});
  std::size_t length = line.size();
  if (length < width_) line.append(width_ - length, ' ');  // cover the end of a longer line
  width_ = std::max(width_, length);
  write_out("\r" + line);
  drawn_ = true;
}

void ProgressMeter::clear() {
  if (!drawn_) return;
  write_out("\r" + std::string(width_, ' ') + "\r");
  drawn_ = false;
}

// One write(2) per line, so a line is never split by other output of ours;
// a short write to a terminal is not worth retrying for a progress line.
void ProgressMeter::write_out(const std::string& text) {
  ssize_t n;
  do {
    n = ::write(fd_, text.data(), text.size());
  } while (n < 0 && errno == EINTR);
}

}  // namespace mpingest
