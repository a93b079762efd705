// The mbox splitter (index_mbox) and mboxrd unquoting (unquote_mboxrd) on
// arbitrary file contents, each against a slow line-by-line reference. Asserts:
// spans lie inside the input, in order, without overlap, each right after its
// From_ line, with the From_ line's line number and at most one blank line
// dropped before the next one; unquoting removes one '>' per ^>+From line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/mbox_records.h"
#include "fuzz_check.h"

using namespace mpingest;

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Lines of `s`, each with its "\n" (the last one may lack it).
std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> lines;
  while (!s.empty()) {
    std::size_t nl = s.find('\n');
    std::size_t len = nl == std::string_view::npos ? s.size() : nl + 1;
    lines.push_back(s.substr(0, len));
    s.remove_prefix(len);
  }
  return lines;
}

void check_index(std::string_view file) {
  const std::vector<RecordSpan> spans = index_mbox(file);
  if (file.empty()) {
    FUZZ_CHECK(spans.empty());
    return;
  }
  if (!starts_with(file, "From ")) {
    FUZZ_CHECK(spans.size() == 1 && spans[0].offset == 0 && spans[0].length == file.size() && !spans[0].error.empty());
    return;
  }
  // Reference: every line starting "From " opens a message.
  std::vector<std::size_t> from_lines;  // offsets of From_ lines
  std::vector<std::uint64_t> numbers;   // their line numbers
  std::size_t offset = 0;
  std::uint64_t number = 1;
  for (std::string_view line : lines_of(file)) {
    if (starts_with(line, "From ")) {
      from_lines.push_back(offset);
      numbers.push_back(number);
    }
    offset += line.size();
    ++number;
  }
  FUZZ_CHECK(spans.size() == from_lines.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const RecordSpan& span = spans[i];
    FUZZ_CHECK(span.error.empty());
    FUZZ_CHECK(span.offset <= file.size() && span.length <= file.size() - span.offset);
    const std::size_t next = i + 1 < from_lines.size() ? from_lines[i + 1] : file.size();
    const std::size_t newline = file.find('\n', from_lines[i]);
    const std::size_t body = newline == std::string_view::npos ? file.size() : newline + 1;
    FUZZ_CHECK(span.offset == body);
    FUZZ_CHECK(span.line == numbers[i]);
    // The text up to the next From_ line, less one blank line at its end.
    std::string_view text = file.substr(body, next - body);
    std::string_view before = file.substr(0, body);  // ends with the From_ line's "\n", if any
    std::size_t length = text.size();
    auto ends_blank = [&](std::string_view blank) {
      return ends_with(text, blank) && (text.size() > blank.size() ? text[text.size() - blank.size() - 1] == '\n'
                                                                   : ends_with(before, "\n"));
    };
    if (ends_blank("\n")) {
      length -= 1;
    } else if (ends_blank("\r\n")) {
      length -= 2;
    }
    FUZZ_CHECK(span.length == length);
  }
}

void check_unquote(std::string_view message) {
  std::string expected;
  bool any = false;
  for (std::string_view line : lines_of(message)) {
    std::size_t quotes = 0;
    while (quotes < line.size() && line[quotes] == '>') ++quotes;
    if (quotes > 0 && starts_with(line.substr(quotes), "From ")) {
      line.remove_prefix(1);
      any = true;
    }
    expected.append(line);
  }
  std::string out = "untouched";
  const bool found = unquote_mboxrd(message, out);
  FUZZ_CHECK(found == any);
  if (found) {
    FUZZ_CHECK(out == expected);
  } else {
    FUZZ_CHECK(out == "untouched");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  check_index(file);
  check_unquote(file);
  return 0;
}
