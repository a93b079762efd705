#pragma once
// Byte-class tests on 16 bytes at once (SSE2), shared by the scanners of
// header names and addresses.

#if defined(__SSE2__)
#include <emmintrin.h>

namespace mpingest::simd {

// 0xFF in each lane whose byte is in [lo, lo + length), unsigned. Biased so
// that the unsigned range becomes a signed compare (SSE2 has no unsigned one).
inline __m128i in_range(__m128i v, unsigned char lo, int length) {
  return _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - lo))),
                        _mm_set1_epi8(static_cast<char>(-128 + length)));
}

inline __m128i equals(__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }

}  // namespace mpingest::simd

#endif
