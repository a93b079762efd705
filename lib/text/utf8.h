#pragma once
// Turning message bytes into valid UTF-8 for output (JSON Lines records),
// whatever the input encoding.

#include <string>
#include <string_view>

#include "mpingest/text_encoding.h"

namespace mpingest {

// Appends `bytes`, decoded as `encoding`, to `out` as UTF-8. Latin-1 maps
// byte for byte to U+0000-U+00FF; invalid UTF-8 sequences become U+FFFD,
// one per maximal subpart, exactly as Python's errors='replace'.
void append_utf8(std::string& out, std::string_view bytes, TextEncoding encoding);

// Appends code point `cp` (not a surrogate, at most U+10FFFF) as UTF-8.
void append_code_point(std::string& out, char32_t cp);

inline std::string to_utf8(std::string_view bytes, TextEncoding encoding) {
  std::string out;
  append_utf8(out, bytes, encoding);
  return out;
}

}  // namespace mpingest
