#include "text/line_ends.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace mpingest {
namespace {

// A CR ends a line unless an LF follows it; `lf_after` says whether the byte
// after the block is an LF.
std::uint64_t combine(std::uint64_t lf, std::uint64_t cr, bool lf_after) {
  std::uint64_t lf_next = (lf >> 1) | (static_cast<std::uint64_t>(lf_after) << 63);
  return lf | (cr & ~lf_next);
}

std::uint64_t mask_scalar(const char* p, bool lf_after) {
  std::uint64_t lf = 0, cr = 0;
  for (unsigned i = 0; i < 64; ++i) {
    lf |= static_cast<std::uint64_t>(p[i] == '\n') << i;
    cr |= static_cast<std::uint64_t>(p[i] == '\r') << i;
  }
  return combine(lf, cr, lf_after);
}

std::uint64_t mask_sse2(const char* p, bool lf_after) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  std::uint64_t lfs = 0, crs = 0;
  for (unsigned i = 0; i < 64; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    lfs |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)))) << i;
    crs |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr)))) << i;
  }
  return combine(lfs, crs, lf_after);
#else
  return mask_scalar(p, lf_after);
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
// Chosen at run time, as in capitals.cpp: the build stays portable to any x86-64.
#define MPINGEST_AVX2 __attribute__((target("avx2")))

// Bit i set where byte i of the 64 in lo, hi equals c.
MPINGEST_AVX2 inline std::uint64_t equal_bits_avx2(__m256i lo, __m256i hi, char c) {
  const __m256i want = _mm256_set1_epi8(c);
  auto lo_bits = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, want)));
  auto hi_bits = static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, want)));
  return static_cast<std::uint64_t>(hi_bits) << 32 | lo_bits;
}

MPINGEST_AVX2 std::uint64_t mask_avx2(const char* p, bool lf_after) {
  const __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  return combine(equal_bits_avx2(lo, hi, '\n'), equal_bits_avx2(lo, hi, '\r'), lf_after);
}

bool cpu_has_avx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
#else
std::uint64_t mask_avx2(const char* p, bool lf_after) { return mask_sse2(p, lf_after); }
bool cpu_has_avx2() { return false; }
#endif

using Kernel = std::uint64_t (*)(const char*, bool);

Kernel kernel_of(LineEndKernel kernel) {
  switch (kernel) {
    case LineEndKernel::scalar: return mask_scalar;
    case LineEndKernel::sse2: return mask_sse2;
    case LineEndKernel::avx2: return mask_avx2;
  }
  return mask_scalar;
}

template <typename Block>
std::uint64_t mask_at(Block block, std::string_view text, std::size_t at) {
  const std::size_t left = text.size() - at;
  if (left > 64) return block(text.data() + at, text[at + 64] == '\n');
  // The last block: copied, so that no load reaches past the text. The zero
  // bytes after it are no line breaks, and a CR at the very end ends a line.
  alignas(64) char tail[64] = {};
  if (left > 0) std::memcpy(tail, text.data() + at, left);
  return block(tail, false);
}

}  // namespace

std::uint64_t line_end_mask(std::string_view text, std::size_t at) {
  return mask_at(
      [](const char* p, bool lf_after) { return cpu_has_avx2() ? mask_avx2(p, lf_after) : mask_sse2(p, lf_after); },
      text, at);
}

std::uint64_t line_end_mask_with(LineEndKernel kernel, std::string_view text, std::size_t at) {
  return mask_at(kernel_of(kernel), text, at);
}

bool line_end_avx2_available() { return cpu_has_avx2(); }

}  // namespace mpingest
