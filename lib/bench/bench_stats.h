#pragma once
// Summaries of repeated measurements. Medians, not means: on a shared
// machine one run disturbed by something else should not move the figure.

#include <vector>

namespace mpingest {

struct Spread {
  double median = 0;
  double min = 0;
  double max = 0;
  // (max - min) / median: how much the repeats disagree, 0 for one sample.
  double relative_range() const { return median > 0 ? (max - min) / median : 0; }
};

// Throws std::invalid_argument for no samples.
Spread summarize(std::vector<double> samples);

}  // namespace mpingest
