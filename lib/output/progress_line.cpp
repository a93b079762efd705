#include "output/progress_line.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "text/number_format.h"

namespace mpingest {

std::string format_eta(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--";
  if (seconds < 9.95) return fmt::format("{:.1f} s", seconds);
  auto whole = static_cast<std::uint64_t>(std::llround(seconds));
  if (whole < 60) return fmt::format("{} s", whole);
  if (whole < 3600) return fmt::format("{}m{:02}s", whole / 60, whole % 60);
  return fmt::format("{}h{:02}m", whole / 3600, whole % 3600 / 60);
}

std::string format_progress_line(const ProgressSnapshot& s) {
  double percent = s.items_total == 0 ? 100.0 : 100.0 * static_cast<double>(s.items_done) / static_cast<double>(s.items_total);
  double rate = s.elapsed_s > 0 ? static_cast<double>(s.bytes_done) / (1024.0 * 1024.0) / s.elapsed_s : 0.0;
  // Fraction of the work done: bytes are the better measure when their total
  // is known (items can differ a thousandfold in size).
  double fraction = s.bytes_total > 0 ? static_cast<double>(s.bytes_done) / static_cast<double>(s.bytes_total)
                                      : percent / 100.0;
  fraction = std::min(fraction, 1.0);
  double eta = -1;
  if (s.items_total > 0 && s.items_done >= s.items_total) {
    eta = 0;
  } else if (fraction > 0 && s.elapsed_s > 0) {
    eta = s.elapsed_s * (1.0 - fraction) / fraction;
  }
  return fmt::format("  {} / {} items  {:.1f}%  {:.1f} MiB/s  ETA {}", grouped(s.items_done), grouped(s.items_total),
                     percent, rate, format_eta(eta));
}

}  // namespace mpingest
