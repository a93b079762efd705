// Header parsing follows Python's email.parser.Parser (compat32). Expected
// values were checked with: msg = email.parser.Parser().parsestr(text);
// msg.items(), msg['To'], msg.get_payload().
#include <catch2/catch.hpp>

#include "message/message_headers.h"

using mpingest::MessageHeaders;

namespace {

std::string body_of(const MessageHeaders& h, std::string_view text) {
  return std::string(h.body_prefix()).append(text.substr(h.body_offset()));
}

}  // namespace

TEST_CASE("folded header keeps its line breaks, as msg[name] returns it", "[parser]") {
  std::string_view text = "To: a@x.com,\n\tb@y.com,\n\tc@z.com\nSubject: hi\n\nbody\n";
  MessageHeaders h;
  h.parse(text);
  REQUIRE(h.fields().size() == 2);
  CHECK(*h.find("To") == "a@x.com,\n\tb@y.com,\n\tc@z.com");
  CHECK(*h.find("subject") == "hi");
  CHECK(body_of(h, text) == "body\n");
}

TEST_CASE("CRLF headers end at the CRLF blank line", "[parser]") {
  std::string_view text = "From: a@x.com\r\nTo: b@y.com,\r\n\tc@z.com\r\n\r\nline1\nline2";
  MessageHeaders h;
  h.parse(text);
  CHECK(*h.find("from") == "a@x.com");
  CHECK(*h.find("TO") == "b@y.com,\r\n\tc@z.com");
  CHECK(body_of(h, text) == "line1\nline2");
}

TEST_CASE("a lone CR ends a line, as in Python's feedparser", "[parser]") {
  std::string_view text = "Subject: one\rTo: x@y\r\rbody";
  MessageHeaders h;
  h.parse(text);
  CHECK(*h.find("Subject") == "one");
  CHECK(*h.find("To") == "x@y");
  CHECK(body_of(h, text) == "body");
}

TEST_CASE("a message that does not start with a header is all body", "[parser]") {
  std::string_view text = "Hello there: this is prose\nTo: not@a.header\n";
  MessageHeaders h;
  h.parse(text);
  CHECK(h.fields().empty());
  CHECK(h.body_offset() == 0);
}

TEST_CASE("a non-header line ends the headers and starts the body", "[parser]") {
  std::string_view text = "Subject: x\nthis is body\nTo: y@z\n";
  MessageHeaders h;
  h.parse(text);
  REQUIRE(h.fields().size() == 1);
  CHECK(!h.find("To"));
  CHECK(body_of(h, text) == "this is body\nTo: y@z\n");
}

TEST_CASE("empty input has no headers and no body", "[parser]") {
  MessageHeaders h;
  h.parse("");
  CHECK(h.fields().empty());
  CHECK(h.body_offset() == 0);
}

TEST_CASE("headers without a body, with and without a final newline", "[parser]") {
  MessageHeaders h;
  h.parse("Subject: only headers\nTo: a@b");
  CHECK(*h.find("To") == "a@b");
  CHECK(h.body_offset() == std::string_view("Subject: only headers\nTo: a@b").size());
  h.parse("Subject: s\r\n");
  CHECK(*h.find("Subject") == "s");
}

TEST_CASE("the first field of a name wins, names are case-insensitive", "[parser]") {
  MessageHeaders h;
  h.parse("to: first@x\nTO: second@x\n\n");
  CHECK(*h.find("To") == "first@x");
}

TEST_CASE("leading spaces of a value are dropped, trailing ones kept", "[parser]") {
  MessageHeaders h;
  h.parse("Subject: \t  spaced out  \nTo:\n\n");
  CHECK(*h.find("Subject") == "spaced out  ");
  CHECK(*h.find("To") == "");
}

TEST_CASE("a value that starts on the continuation line keeps the line break", "[parser]") {
  // msg['To'] == '\n\ta@x.com'
  MessageHeaders h;
  h.parse("To:\n\ta@x.com\n\n");
  CHECK(*h.find("To") == "\n\ta@x.com");
}

TEST_CASE("a Unix From_ line first is the envelope, not a field", "[parser]") {
  MessageHeaders h;
  h.parse("From someone@x Mon Jan  1 00:00:00 2001\nFrom: a@x\n\nbody");
  CHECK(h.has_unix_from());
  REQUIRE(h.fields().size() == 1);
  CHECK(*h.find("From") == "a@x");
}

TEST_CASE("malformed header lines are dropped like Python drops them", "[parser]") {
  MessageHeaders h;
  // A continuation line first, a line starting with ':', a misplaced From_ line.
  h.parse(" leading continuation\nA: 1\n: no name\nFrom misplaced\nB: 2\n\n");
  REQUIRE(h.fields().size() == 2);
  CHECK(*h.find("A") == "1");
  CHECK(*h.find("B") == "2");
}

TEST_CASE("a name with a space before the colon is not a header line", "[parser]") {
  std::string_view text = "To : a@x\n\n";
  MessageHeaders h;
  h.parse(text);
  CHECK(h.fields().empty());
  CHECK(h.body_offset() == 0);
}

TEST_CASE("Latin-1 bytes in values pass through untouched", "[parser]") {
  MessageHeaders h;
  h.parse("Subject: caf\xE9 \xC9T\xC9\n\nZ\xFCrich");
  CHECK(*h.find("Subject") == "caf\xE9 \xC9T\xC9");
  CHECK(h.body_offset() == std::string_view("Subject: caf\xE9 \xC9T\xC9\n\n").size());
}

TEST_CASE("a very long header line is one field", "[parser]") {
  std::string value(200000, 'x');
  std::string text = "X-To: " + value + "\nTo: a@b\n\nbody";
  MessageHeaders h;
  h.parse(text);
  CHECK(h.find("X-To")->size() == value.size());
  CHECK(*h.find("To") == "a@b");
}

TEST_CASE("a whitespace-only line inside the headers is a continuation", "[parser]") {
  MessageHeaders h;
  h.parse("Subject: a\n   \nTo: b@c\n\n");
  CHECK(*h.find("Subject") == "a\n   ");
  CHECK(*h.find("To") == "b@c");
}

TEST_CASE("a From_ line as the last header line starts the body", "[parser]") {
  std::string_view text = "Subject: a\nFrom here on\n";
  MessageHeaders h;
  h.parse(text);
  CHECK(h.fields().size() == 1);
  CHECK(body_of(h, text) == "From here on\n");
}

// Python drops the blank line that ends the headers, then pushes the From_
// line back: the body is not one piece of the message (checked with
// Parser().parsestr(text).get_payload()).
TEST_CASE("a From_ line ending the headers before a blank line starts the body, without the blank", "[parser]") {
  MessageHeaders h;
  for (auto [text, body] : {std::pair<std::string_view, std::string_view>{"Subject: a\nFrom x\n\nbody\n", "From x\nbody\n"},
                            {"Subject: a\r\nFrom x\r\n\r\nbody\r\n", "From x\r\nbody\r\n"},
                            {"Subject: a\nFrom x\n\n", "From x\n"},
                            {"Subject: a\nFrom x\nbody\n", "From x\nbody\n"}}) {
    INFO(text);
    h.parse(text);
    CHECK(h.fields().size() == 1);
    CHECK(body_of(h, text) == body);
  }
}
