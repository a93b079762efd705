// index_mbox splits like Python's mailbox.mbox (a message starts at every
// line beginning "From "), except where mbox_records.h says otherwise;
// unquote_mboxrd is re.sub(rb'(?m)^>(>*From )', rb'\1', message).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "corpus/mbox_records.h"

using namespace mpingest;

namespace {

std::vector<std::string> messages(std::string_view file, const std::vector<RecordSpan>& spans) {
  std::vector<std::string> out;
  for (const RecordSpan& span : spans) out.emplace_back(file.substr(span.offset, span.length));
  return out;
}

}  // namespace

TEST_CASE("several messages: spans start after the From_ line and drop the separating blank line",
          "[mbox]") {
  const std::string_view file =
      "From a@x Thu Jan  1 00:00:00 1970\n"
      "Subject: one\n"
      "\n"
      "body one\n"
      "\n"
      "From b@x Thu Jan  1 00:00:00 1970\n"
      "Subject: two\n"
      "\n"
      "body two\n"
      "still two\n"
      "\n"
      "From c@x Thu Jan  1 00:00:00 1970\n"
      "Subject: three\n"
      "\n"
      "body three\n";
  const auto spans = index_mbox(file);
  REQUIRE(spans.size() == 3);
  CHECK(messages(file, spans) == std::vector<std::string>{
                                     "Subject: one\n\nbody one\n",
                                     "Subject: two\n\nbody two\nstill two\n",
                                     "Subject: three\n\nbody three\n",
                                 });
  CHECK(spans[0].line == 1);
  CHECK(spans[1].line == 6);
  CHECK(spans[2].line == 12);
  for (const RecordSpan& span : spans) CHECK(span.error.empty());
  CHECK(spans[0].offset == 34);
}

TEST_CASE("a From_ line not preceded by a blank line still starts a message", "[mbox]") {
  const std::string_view file = "From a\nX: 1\n\nbody\nFrom b\nX: 2\n";
  CHECK(messages(file, index_mbox(file)) == std::vector<std::string>{"X: 1\n\nbody\n", "X: 2\n"});
}

TEST_CASE("only one blank line is dropped before the next From_ line", "[mbox]") {
  const std::string_view file = "From a\nX: 1\n\nbody\n\n\nFrom b\n\nFrom c\n\n";
  CHECK(messages(file, index_mbox(file)) == std::vector<std::string>{"X: 1\n\nbody\n\n", "", ""});
}

TEST_CASE("'From ' that is not at the start of a line does not split a message", "[mbox]") {
  const std::string_view file = "From a\nSubject: x\n\nsee below. From me\n >From you\n\tFrom them\n";
  const auto spans = index_mbox(file);
  REQUIRE(spans.size() == 1);
  CHECK(messages(file, spans)[0] == "Subject: x\n\nsee below. From me\n >From you\n\tFrom them\n");
}

TEST_CASE("a lone CR does not end a line, so 'From ' after it does not split", "[mbox]") {
  const std::string_view file = "From a\nX: 1\n\nbody\rFrom b\n";
  CHECK(index_mbox(file).size() == 1);
}

TEST_CASE("CRLF mbox: the CRLF blank line before the next From_ line is dropped", "[mbox]") {
  const std::string_view file =
      "From a@x Thu Jan  1 00:00:00 1970\r\n"
      "Subject: one\r\n"
      "\r\n"
      "body\r\n"
      "\r\n"
      "From b@x Thu Jan  1 00:00:00 1970\r\n"
      "Subject: two\r\n"
      "\r\n"
      "body\r\n"
      "\r\n";
  const auto spans = index_mbox(file);
  CHECK(messages(file, spans) ==
        std::vector<std::string>{"Subject: one\r\n\r\nbody\r\n", "Subject: two\r\n\r\nbody\r\n"});
  REQUIRE(spans.size() == 2);
  CHECK(spans[1].line == 6);
}

TEST_CASE("a file that does not start with a From_ line is one malformed record", "[mbox]") {
  const std::string_view file = "Subject: not an mbox\n\nFrom here on\n";
  const auto spans = index_mbox(file);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].offset == 0);
  CHECK(spans[0].length == file.size());
  CHECK(spans[0].line == 1);
  CHECK(spans[0].error == "not an mbox: no 'From ' line at the start");
  // "From" without the space is not a From_ line either.
  CHECK(index_mbox("From:a@b\n\nx\n")[0].error == "not an mbox: no 'From ' line at the start");
  CHECK(index_mbox("\nFrom a\n\nx\n")[0].error == "not an mbox: no 'From ' line at the start");
}

TEST_CASE("an empty file is an empty mailbox", "[mbox]") {
  CHECK(index_mbox("").empty());
}

TEST_CASE("the last message may lack a trailing newline", "[mbox]") {
  const std::string_view file = "From a\nX: 1\n\nbody\n\nFrom b\nX: 2\n\nno newline";
  const auto spans = index_mbox(file);
  CHECK(messages(file, spans) == std::vector<std::string>{"X: 1\n\nbody\n", "X: 2\n\nno newline"});
  REQUIRE(spans.size() == 2);
  CHECK(spans[1].offset + spans[1].length == file.size());
  // A From_ line as the last bytes of the file is an empty message.
  const std::string_view bare = "From a\nX: 1\n\nFrom b";
  const auto bare_spans = index_mbox(bare);
  CHECK(messages(bare, bare_spans) == std::vector<std::string>{"X: 1\n", ""});
  CHECK(bare_spans[1].offset == bare.size());
}

TEST_CASE("mboxrd unquoting strips one '>' from >From and >>From lines", "[mbox]") {
  std::string out;
  const std::string_view message =
      ">From the start\n"
      "body\n"
      ">From me\n"
      ">>From you\n"
      ">>>From them\r\n"
      "> >From not quoted\n"
      "x>From not at line start\n"
      ">From";
  REQUIRE(unquote_mboxrd(message, out));
  CHECK(out ==
        "From the start\n"
        "body\n"
        "From me\n"
        ">From you\n"
        ">>From them\r\n"
        "> >From not quoted\n"
        "x>From not at line start\n"
        ">From");
}

TEST_CASE("unquote_mboxrd leaves out untouched when nothing is quoted", "[mbox]") {
  std::string out = "untouched";
  CHECK_FALSE(unquote_mboxrd("From x\nbody with >From inside\n>Fro\n>From\n", out));
  CHECK_FALSE(unquote_mboxrd("", out));
  CHECK_FALSE(unquote_mboxrd("a\r>From b\n", out));  // a lone CR does not start a line
  CHECK(out == "untouched");
}

TEST_CASE("unquote_mboxrd clears out before writing", "[mbox]") {
  std::string out = "stale";
  REQUIRE(unquote_mboxrd(">From x", out));
  CHECK(out == "From x");
}
