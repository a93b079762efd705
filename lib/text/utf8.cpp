#include "text/utf8.h"

#include "text/utf8_decoder.h"

namespace mpingest {

void append_code_point(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void append_utf8(std::string& out, std::string_view bytes, TextEncoding encoding) {
  out.reserve(out.size() + bytes.size());
  if (encoding == TextEncoding::latin1) {
    for (unsigned char c : bytes) append_code_point(out, c);
    return;
  }
  Utf8Decoder decoder(bytes);
  char32_t cp;
  while (decoder.next(cp)) append_code_point(out, cp);  // invalid -> U+FFFD
}

}  // namespace mpingest
