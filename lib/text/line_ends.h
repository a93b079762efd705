#pragma once
// Line ends found 64 bytes at a time: a block's line breaks become the set
// bits of one 64-bit mask, and each line then costs a bit scan instead of a
// search of its own. Lines end as in Python's feedparser: at "\r\n", "\r" or
// "\n".

#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mpingest {

// Bit i is set when text[at + i] ends a line: an LF, or a CR that is not
// followed by an LF. Reads nothing outside `text`; bits at or past its end are 0.
std::uint64_t line_end_mask(std::string_view text, std::size_t at);

// The same with a given instruction set, so that tests cover each of them
// (avx2 only where line_end_avx2_available()).
enum class LineEndKernel { scalar, sse2, avx2 };
std::uint64_t line_end_mask_with(LineEndKernel kernel, std::string_view text, std::size_t at);
bool line_end_avx2_available();

// Line ends of one text in increasing order (the positions asked for must
// not go back before the start of the last block read).
class LineEnds {
 public:
  explicit LineEnds(std::string_view text) : text_(text) { load(0); }

  // One past the line break of the line starting at `pos`; the text's size
  // if that line has no break.
  std::size_t line_end(std::size_t pos) {
    if (pos - block_ >= kBlock) load(pos);
    std::uint64_t ends = mask_ & (~std::uint64_t{0} << (pos - block_));
    while (ends == 0) {
      if (text_.size() - block_ <= kBlock) return text_.size();
      load(block_ + kBlock);
      ends = mask_;
    }
    return block_ + static_cast<std::size_t>(__builtin_ctzll(ends)) + 1;
  }

 private:
  static constexpr std::size_t kBlock = 64;
  void load(std::size_t at) {
    block_ = at;
#if defined(__SSE2__)
    if (text_.size() - at > kBlock) {
      mask_ = sse2_mask(text_.data() + at, text_[at + kBlock] == '\n');
      return;
    }
#endif
    mask_ = line_end_mask(text_, at);
  }
#if defined(__SSE2__)
  // Inline: a call per block was a third of the header parse.
  static std::uint64_t sse2_mask(const char* p, bool lf_after) {
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    std::uint64_t lfs = 0, crs = 0;
    for (unsigned i = 0; i < 64; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      lfs |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)))) << i;
      crs |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr)))) << i;
    }
    std::uint64_t lf_next = (lfs >> 1) | (static_cast<std::uint64_t>(lf_after) << 63);
    return lfs | (crs & ~lf_next);
  }
#endif

  std::string_view text_;
  std::size_t block_ = 0;   // where the block of mask_ starts
  std::uint64_t mask_ = 0;  // line_end_mask(text_, block_)
};

}  // namespace mpingest
