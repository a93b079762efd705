// MessageHeaders finds line breaks 16 bytes at a time; every kind of break
// (LF, CRLF, lone CR) at every offset of a block must end lines as before.
#include <catch2/catch.hpp>

#include <string>

#include "message/message_headers.h"

using namespace mpingest;

TEST_CASE("header lines end at LF, CRLF or CR wherever the break falls", "[headers]") {
  // The line scan looks at 16 bytes at a time: put every kind of break at
  // every offset of a block, including a CRLF split across two blocks.
  for (std::string eol : {"\n", "\r\n", "\r"}) {
    for (std::size_t length = 0; length <= 40; ++length) {
      std::string a(length, 'x'), b(length + 7, 'y');
      std::string message = "A: " + a + eol + "Bb: " + b + eol + " more" + eol + eol + "Body" + eol;
      MessageHeaders headers;
      headers.parse(message);
      INFO("eol " << eol.size() << " bytes, length " << length);
      REQUIRE(headers.fields().size() == 2);
      CHECK(headers.fields()[0].name == "A");
      CHECK(headers.fields()[0].value == a);
      CHECK(headers.fields()[1].name == "Bb");
      CHECK(headers.fields()[1].value == b + eol + " more");
      CHECK(message.substr(headers.body_offset()) == "Body" + eol);
    }
  }
}

TEST_CASE("a field name is found 16 bytes at a time, and stops at the first byte that cannot be in one", "[headers]") {
  // Names of every length around the 16-byte load, at the start of the
  // message (where the load starts), and with a forbidden byte at every
  // position: then the line is not a header, and the headers end before it.
  for (std::size_t length = 1; length <= 40; ++length) {  // ":x" alone is dropped, as Python does
    std::string name(length, 'N');
    for (std::size_t i = 0; i < length; ++i) name[i] = static_cast<char>('!' + (i * 7) % 25);  // 0x21..0x39, no ':'
    for (const std::string& rest : {std::string(": value\n\nBody\n"), std::string(":v")}) {
      std::string message = name + rest;
      MessageHeaders headers;
      headers.parse(message);
      INFO("name length " << length << ", rest " << rest.size());
      REQUIRE(headers.fields().size() == 1);
      CHECK(headers.fields()[0].name == name);
    }
    for (std::size_t bad = 0; bad < length; ++bad) {
      for (char forbidden : {' ', '\x7f', '\x80', '\t', '\x01'}) {
        if (bad == 0 && (forbidden == ' ' || forbidden == '\t')) continue;  // a continuation line, not a name
        std::string broken = name;
        broken[bad] = forbidden;
        std::string message = broken + ": value\n\nBody\n";
        MessageHeaders headers;
        headers.parse(message);
        INFO("name length " << length << ", forbidden byte " << int(static_cast<unsigned char>(forbidden)) << " at " << bad);
        CHECK(headers.fields().empty());
        CHECK(headers.body_offset() == 0);
      }
    }
  }
}
