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
