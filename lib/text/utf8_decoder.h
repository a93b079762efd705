#pragma once
// A UTF-8 decoder with Python's error handling: each maximal subpart of an
// invalid sequence (Unicode Table 3-7) yields one U+FFFD, as
// bytes.decode('utf-8', 'replace') does.

#include <cstddef>
#include <string_view>

namespace mpingest {

class Utf8Decoder {
 public:
  static constexpr char32_t kReplacement = 0xFFFD;

  explicit Utf8Decoder(std::string_view bytes)
      : s_(reinterpret_cast<const unsigned char*>(bytes.data())), n_(bytes.size()) {}

  // The next code point (U+FFFD for an invalid sequence); false at the end.
  bool next(char32_t& cp) {
    if (i_ >= n_) return false;
    unsigned char c = s_[i_];
    last_invalid_ = false;
    if (c < 0x80) {
      cp = c;
      ++i_;
      return true;
    }
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3, cp = c & 0x0F;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4, cp = c & 0x07;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return invalid(cp, i_ + 1);  // 0x80-0xC1, 0xF5-0xFF never start a sequence
    }
    std::size_t j = i_ + 1;
    for (std::size_t k = 1; k < length; ++k, ++j) {
      bool ok = j < n_ && (k == 1 ? (s_[j] >= lo && s_[j] <= hi) : (s_[j] & 0xC0) == 0x80);
      if (!ok) return invalid(cp, j);  // the maximal subpart [i_, j) is one error
      cp = (cp << 6) | (s_[j] & 0x3F);
    }
    i_ = j;
    return true;
  }

  // Whether the last code point returned stood for an invalid sequence.
  bool last_was_invalid() const { return last_invalid_; }

  // Bytes consumed so far.
  std::size_t position() const { return i_; }
  // Steps over `count` bytes the caller has dealt with itself (whole code
  // points, such as a run of ASCII).
  void skip(std::size_t count) { i_ += count; }

 private:
  bool invalid(char32_t& cp, std::size_t resume) {
    cp = kReplacement;
    last_invalid_ = true;
    i_ = resume;
    return true;
  }

  const unsigned char* s_;
  std::size_t n_;
  std::size_t i_ = 0;
  bool last_invalid_ = false;
};

}  // namespace mpingest
