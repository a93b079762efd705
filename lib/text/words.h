#pragma once
// Words as Python splits and folds them: a word is a maximal run of
// characters c with c.isalpha() (itertools.groupby(text, str.isalpha)), and
// its key is word.lower(), final sigma included. Characters are the bytes
// decoded as `encoding` (UTF-8 with Python's replacement rules: U+FFFD is not
// a letter). Keys are in the text's own encoding: Latin-1 bytes or UTF-8, so
// that bytewise order is code point order, as Python sorts str.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mpingest/text_encoding.h"
#include "text/utf8_decoder.h"

namespace mpingest {

// Unicode properties behind the split, from Python (text/word_tables.inc).
bool is_alpha(char32_t c);
// Appends c.lower() as UTF-8, without the final sigma rule (see WordScanner).
void append_lower_utf8(char32_t c, std::string& out);

class WordScanner {
 public:
  explicit WordScanner(TextEncoding encoding) : encoding_(encoding) {}

  // Calls add(key) for every word of `text`, in order, with `key` a
  // const std::string& (so a map can find it without a copy) that is valid
  // only during the call.
  template <class Add>
  void scan(std::string_view text, Add&& add) {
    if (encoding_ == TextEncoding::latin1) {
      scan_latin1(text, add);
    } else {
      scan_utf8(text, add);
    }
  }

 private:
  template <class Add>
  void scan_latin1(std::string_view text, Add& add);
  template <class Add>
  void scan_utf8(std::string_view text, Add& add);
  // The key of the word in word_ (code points), into key_.
  void fold_utf8_word();

  TextEncoding encoding_;
  std::string key_;
  std::vector<char32_t> word_;  // UTF-8 only: the word's code points, for the sigma rule
  bool word_has_sigma_ = false;
};

namespace words_detail {
// Latin-1: whether byte b is a letter, and its lower case (one byte).
extern const bool kLatin1Alpha[256];
extern const unsigned char kLatin1Lower[256];
}  // namespace words_detail

template <class Add>
void WordScanner::scan_latin1(std::string_view text, Add& add) {
  key_.clear();
  for (char ch : text) {
    const auto b = static_cast<unsigned char>(ch);
    if (words_detail::kLatin1Alpha[b]) {
      key_.push_back(static_cast<char>(words_detail::kLatin1Lower[b]));
    } else if (!key_.empty()) {
      add(static_cast<const std::string&>(key_));
      key_.clear();
    }
  }
  if (!key_.empty()) add(static_cast<const std::string&>(key_));
}

template <class Add>
void WordScanner::scan_utf8(std::string_view text, Add& add) {
  key_.clear();
  word_.clear();
  word_has_sigma_ = false;
  auto end_word = [&] {
    if (word_.empty()) return;
    if (word_has_sigma_) fold_utf8_word();
    add(static_cast<const std::string&>(key_));
    key_.clear();
    word_.clear();
    word_has_sigma_ = false;
  };
  Utf8Decoder decoder(text);  // an invalid sequence is U+FFFD: not a letter
  char32_t c = 0;
  while (decoder.next(c)) {
    if (c < 0x80 ? words_detail::kLatin1Alpha[c] : is_alpha(c)) {
      word_.push_back(c);
      if (c < 0x80) {
        key_.push_back(static_cast<char>(words_detail::kLatin1Lower[c]));
      } else {
        if (c == 0x03A3) word_has_sigma_ = true;
        append_lower_utf8(c, key_);
      }
    } else {
      end_word();
    }
  }
  end_word();
}

}  // namespace mpingest
