// Names as reports show them (text/display_text.h): lossless, inert on a
// terminal, valid JSON.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"
#include "text/display_text.h"
#include "text/json_name.h"

using namespace mpingest;

namespace {

std::string fmt_hex(unsigned char byte) {
  static constexpr char kHex[] = "0123456789abcdef";
  return {kHex[byte >> 4], kHex[byte & 15]};
}

}  // namespace

TEST_CASE("base64 is Python's b64encode", "[text]") {
  std::string all;
  for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
  for (std::size_t n : {0, 1, 2, 3, 4, 5, 255, 256}) {
    std::string bytes = all.substr(0, n);
    std::string hex;
    for (char c : bytes) hex += fmt_hex(static_cast<unsigned char>(c));
    auto python = test::run_command(
        {"python3", "-c", "import base64,sys; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode(), end='')", hex});
    INFO(n << " bytes");
    CHECK(base64(bytes) == python.out);
  }
}

TEST_CASE("UTF-8 validity follows the standard: no overlongs, surrogates or code points past U+10FFFF", "[text]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // cut short
}

TEST_CASE("printable escapes controls, invalid bytes and the backslash, and keeps real text", "[text]") {
  CHECK(printable("maildir/inbox/1.") == "maildir/inbox/1.");
  CHECK(printable("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(printable("esc\x1b[31m") == "esc\\x1b[31m");
  CHECK(printable("tab\tnl\n") == "tab\\x09nl\\x0a");
  CHECK(printable("del\x7f") == "del\\x7f");
  CHECK(printable("c1\xC2\x9B") == "c1\\xc2\\x9b");  // CSI, the 8-bit ESC [
  CHECK(printable("bad\xFF\xFE") == "bad\\xff\\xfe");
  CHECK(printable("back\\slash") == "back\\\\slash");
  // Lossless: a literal "\x1b" and an ESC print differently.
  CHECK(printable("\\x1b") != printable("\x1b"));
}

TEST_CASE("put_name adds the exact bytes only when the text had to lose some", "[text]") {
  nlohmann::json valid, invalid;
  put_name(valid, "item", "a/b");
  CHECK(valid == nlohmann::json{{"item", "a/b"}});
  put_name(invalid, "item", "a/\xff");
  CHECK(invalid["item"] == "a/\xEF\xBF\xBD");
  CHECK(invalid["item_bytes"] == "YS//");
  CHECK_NOTHROW(invalid.dump());
}
