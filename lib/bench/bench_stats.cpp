#include "bench/bench_stats.h"

#include <algorithm>
#include <stdexcept>

namespace mpingest {

Spread summarize(std::vector<double> samples) {
  if (samples.empty()) throw std::invalid_argument("summarize: no samples");
  std::sort(samples.begin(), samples.end());
  std::size_t n = samples.size();
  double median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  return {median, samples.front(), samples.back()};
}

}  // namespace mpingest
