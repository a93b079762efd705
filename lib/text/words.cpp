#include "text/words.h"

#include <algorithm>

#include "text/utf8.h"

namespace mpingest {
namespace {

struct CodepointRange {
  char32_t first;
  char32_t last;
};
struct LowerPair {
  char32_t from;
  char32_t to;
};
struct LowerSpecial {
  char32_t from;
  const char* utf8;
};

#include "text/word_tables.inc"

bool in_ranges(const CodepointRange* begin, const CodepointRange* end, char32_t c) {
  const CodepointRange* r = std::upper_bound(begin, end, c, [](char32_t v, const CodepointRange& x) { return v < x.first; });
  return r != begin && c <= (r - 1)->last;
}

template <std::size_t N>
bool in_table(const CodepointRange (&table)[N], char32_t c) {
  return in_ranges(table, table + N, c);
}

}  // namespace

namespace words_detail {
const bool kLatin1Alpha[256] = {MPINGEST_LATIN1_ALPHA};
const unsigned char kLatin1Lower[256] = {MPINGEST_LATIN1_LOWER};
}  // namespace words_detail

bool is_alpha(char32_t c) { return in_table(kAlphaRanges, c); }

void append_lower_utf8(char32_t c, std::string& out) {
  const LowerPair* p = std::lower_bound(std::begin(kLowerPairs), std::end(kLowerPairs), c,
                                        [](const LowerPair& x, char32_t v) { return x.from < v; });
  if (p != std::end(kLowerPairs) && p->from == c) return append_code_point(out, p->to);
  for (const LowerSpecial& s : kLowerSpecial)
    if (s.from == c) return void(out += s.utf8);
  append_code_point(out, c);
}

// Python's handle_capital_sigma: a capital sigma lowers to final sigma when
// a cased letter precedes it and none follows, case-ignorable letters
// skipped on both sides.
void WordScanner::fold_utf8_word() {
  key_.clear();
  const std::size_t n = word_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const char32_t c = word_[i];
    if (c != 0x03A3) {
      append_lower_utf8(c, key_);
      continue;
    }
    std::size_t j = i;
    while (j > 0 && in_table(kCaseIgnorableRanges, word_[j - 1])) --j;
    bool final_sigma = j > 0 && in_table(kCasedRanges, word_[j - 1]);
    if (final_sigma) {
      std::size_t k = i + 1;
      while (k < n && in_table(kCaseIgnorableRanges, word_[k])) ++k;
      final_sigma = k == n || !in_table(kCasedRanges, word_[k]);
    }
    append_code_point(key_, final_sigma ? 0x03C2 : 0x03C3);
  }
}

}  // namespace mpingest
