#pragma once
// Internal to the corpus generator: a small, fully specified PRNG and the
// distributions built on it. Everything here uses integer arithmetic only, so
// a seed produces the same stream on every compiler, library and CPU (no
// std::*_distribution, no libm).

#include <cstddef>
#include <cstdint>

namespace mpingest::gen {

// splitmix64 step: advances state and returns the next output.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** 1.0, seeded through splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : s_) word = splitmix64(x);
  }

  // An independent stream for (seed, stream): used so that each message
  // depends only on the seed and its own index.
  static Rng stream(std::uint64_t seed, std::uint64_t stream_id) {
    std::uint64_t x = seed ^ 0x6A09E667F3BCC909ULL;
    std::uint64_t a = splitmix64(x);
    std::uint64_t y = stream_id ^ 0xBB67AE8584CAA73BULL;
    std::uint64_t b = splitmix64(y);
    return Rng(a ^ (b * 0x9E3779B97F4A7C15ULL) ^ (b >> 29));
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n == 0 gives 0. Modulo with rejection (no bias).
  std::uint64_t below(std::uint64_t n) {
    if (n <= 1) return 0;
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    std::uint64_t r = next();
    while (r < threshold) r = next();
    return r % n;
  }

  std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }

  // Uniform in [lo, hi] (inclusive).
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  int irange(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1)); }

  // True with probability num/den.
  bool chance(std::uint64_t num, std::uint64_t den) { return below(den) < num; }
  bool percent(std::uint64_t p) { return chance(p, 100); }
  bool permille(std::uint64_t p) { return chance(p, 1000); }

  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[index(N)];
  }

  // Index into weights[0..n) with probability proportional to the weight.
  std::size_t weighted(const std::uint32_t* weights, std::size_t n) {
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < n; ++i) total += weights[i];
    std::uint64_t r = below(total);
    for (std::size_t i = 0; i < n; ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return n - 1;
  }

  // Log-normal factor with median 1000 and sigma 1.0, in thousandths, clipped
  // at the 0.05% / 99.95% quantiles (0.037x .. 26.9x). Mean is ~1650.
  std::uint64_t lognormal_milli() {
    static constexpr std::uint32_t kQuantiles[257] = {
        37,   70,   89,   104,  116,  127,  137,  146,  155,  164,  172,  180,  187,  194,  202,   209,
        216,  222,  229,  236,  242,  249,  255,  261,  268,  274,  280,  286,  292,  298,  304,   311,
        317,  323,  329,  334,  340,  346,  352,  358,  364,  370,  376,  382,  388,  394,  400,   406,
        412,  418,  424,  430,  436,  442,  448,  454,  460,  466,  472,  478,  485,  491,  497,   503,
        509,  516,  522,  528,  535,  541,  547,  554,  560,  567,  573,  580,  587,  593,  600,   607,
        613,  620,  627,  634,  641,  648,  655,  662,  669,  676,  683,  690,  698,  705,  712,   720,
        727,  735,  742,  750,  758,  765,  773,  781,  789,  797,  805,  813,  821,  829,  838,   846,
        854,  863,  872,  880,  889,  898,  907,  916,  925,  934,  943,  952,  962,  971,  981,   990,
        1000, 1010, 1020, 1030, 1040, 1050, 1061, 1071, 1082, 1092, 1103, 1114, 1125, 1136, 1147,  1159,
        1170, 1182, 1194, 1206, 1218, 1230, 1242, 1255, 1268, 1281, 1294, 1307, 1320, 1334, 1347,  1361,
        1375, 1390, 1404, 1419, 1434, 1449, 1464, 1479, 1495, 1511, 1527, 1544, 1561, 1578, 1595,  1612,
        1630, 1648, 1667, 1686, 1705, 1724, 1744, 1764, 1784, 1805, 1827, 1848, 1870, 1893, 1916,  1939,
        1963, 1987, 2012, 2038, 2064, 2090, 2117, 2145, 2174, 2203, 2233, 2263, 2294, 2327, 2360,  2393,
        2428, 2464, 2501, 2538, 2577, 2618, 2659, 2702, 2746, 2791, 2838, 2887, 2937, 2990, 3044,  3101,
        3159, 3220, 3284, 3351, 3421, 3494, 3570, 3651, 3736, 3826, 3920, 4021, 4128, 4242, 4364,  4496,
        4637, 4791, 4958, 5141, 5344, 5569, 5822, 6110, 6441, 6830, 7297, 7874, 8618, 9643, 11218, 14297,
        26857};
    const std::uint64_t r = next() >> 32;  // 32 uniform bits
    const std::uint64_t bucket = r >> 24;  // 0..255
    const std::uint64_t frac = r & 0xFFFFFF;
    const std::uint64_t lo = kQuantiles[bucket];
    const std::uint64_t hi = kQuantiles[bucket + 1];
    return lo + (((hi - lo) * frac) >> 24);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace mpingest::gen
