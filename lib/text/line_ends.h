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

// The same with the portable scalar loop instead of SSE2 (for tests).
std::uint64_t line_end_mask_scalar(std::string_view text, std::size_t at);

namespace line_ends_detail {

// A CR ends a line unless an LF follows it; `lf_after`: the byte after the
// 64 is an LF.
inline std::uint64_t combine(std::uint64_t lf, std::uint64_t cr, bool lf_after) {
  std::uint64_t lf_next = (lf >> 1) | (static_cast<std::uint64_t>(lf_after) << 63);
  return lf | (cr & ~lf_next);
}

inline std::uint64_t block_mask_scalar(const char* p, bool lf_after) {
  std::uint64_t lf = 0, cr = 0;
  for (unsigned i = 0; i < 64; ++i) {
    lf |= static_cast<std::uint64_t>(p[i] == '\n') << i;
    cr |= static_cast<std::uint64_t>(p[i] == '\r') << i;
  }
  return combine(lf, cr, lf_after);
}

// line_end_mask of the 64 bytes at p. Inline: a call per block cost more
// than the block (an AVX2 version, called through a CPU check, was no faster).
inline std::uint64_t block_mask(const char* p, bool lf_after) {
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
  return block_mask_scalar(p, lf_after);
#endif
}

}  // namespace line_ends_detail

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
    if (text_.size() - at > kBlock) {
      mask_ = line_ends_detail::block_mask(text_.data() + at, text_[at + kBlock] == '\n');
    } else {
      mask_ = line_end_mask(text_, at);  // the last block, copied
    }
  }

  std::string_view text_;
  std::size_t block_ = 0;   // where the block of mask_ starts
  std::uint64_t mask_ = 0;  // line_end_mask(text_, block_)
};

}  // namespace mpingest
