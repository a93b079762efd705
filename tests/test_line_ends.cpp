// LineEnds and line_end_mask find line breaks 64 bytes at a time. Both
// kernels (SSE2 and the portable scalar one) are checked against a
// byte-by-byte reference: every kind of break (LF, CRLF, lone CR) at every
// offset of a block, a CRLF split across two blocks, a CR as the very last
// byte, and texts of every length that end mid-block. Texts live in heap
// buffers of their exact size, so that ASan reports any load past the end.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "text/line_ends.h"

using namespace mpingest;

namespace {

// A copy of `text` in a heap block of exactly its size.
class ExactBuffer {
 public:
  explicit ExactBuffer(const std::string& text) : bytes_(new char[text.size()]), size_(text.size()) {
    std::copy(text.begin(), text.end(), bytes_.get());
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_;
};

bool ends_line(std::string_view text, std::size_t i) {
  if (text[i] == '\n') return true;
  return text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n');
}

std::uint64_t reference_mask(std::string_view text, std::size_t at) {
  std::uint64_t mask = 0;
  for (std::size_t i = 0; i < 64 && at + i < text.size(); ++i) mask |= std::uint64_t{ends_line(text, at + i)} << i;
  return mask;
}

// Line ends found byte by byte: one past each break, and the size if the
// last line has none.
std::vector<std::size_t> reference_line_ends(std::string_view text) {
  std::vector<std::size_t> ends;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (ends_line(text, i)) ends.push_back(i + 1);
  }
  if (!text.empty() && (ends.empty() || ends.back() != text.size())) ends.push_back(text.size());
  return ends;
}

std::vector<std::size_t> line_ends_of(std::string_view text) {
  std::vector<std::size_t> ends;
  LineEnds scanner(text);
  for (std::size_t pos = 0; pos < text.size(); pos = ends.back()) ends.push_back(scanner.line_end(pos));
  return ends;
}

void check_masks(const std::string& text) {
  ExactBuffer buffer(text);
  std::string_view view = buffer.view();
  for (std::size_t at = 0; at < view.size(); ++at) {
    const std::uint64_t want = reference_mask(view, at);
    INFO("length " << view.size() << ", block at " << at);
    CHECK(line_end_mask(view, at) == want);
    CHECK(line_end_mask_scalar(view, at) == want);
  }
}

}  // namespace

TEST_CASE("each kind of line break at every offset of a block, in both kernels", "[line_ends]") {
  for (std::string eol : {"\n", "\r\n", "\r"}) {
    for (std::size_t offset = 0; offset < 140; ++offset) {
      std::string text = std::string(offset, 'x') + eol + "tail";
      INFO("eol " << eol.size() << " bytes at " << offset);
      check_masks(text);
      CHECK(line_ends_of(ExactBuffer(text).view()) == reference_line_ends(text));
    }
  }
}

TEST_CASE("a CRLF across two blocks is one break, and a CR at the very end ends a line", "[line_ends]") {
  // CR at byte 63 of the block, LF at byte 0 of the next: the LF ends the line.
  std::string text = std::string(63, 'a') + "\r\n" + std::string(10, 'b');
  ExactBuffer buffer(text);
  CHECK(line_end_mask(buffer.view(), 0) == 0);  // the CR is not a line end
  CHECK(line_end_mask(buffer.view(), 1) == std::uint64_t{1} << 63);
  CHECK(line_ends_of(buffer.view()) == std::vector<std::size_t>{65, 75});
  // CR at byte 63, and something else after it: a lone CR.
  text = std::string(63, 'a') + "\rb";
  CHECK(line_end_mask(ExactBuffer(text).view(), 0) == std::uint64_t{1} << 63);
  for (std::size_t length = 1; length <= 130; ++length) {
    text = std::string(length - 1, 'a') + "\r";
    INFO("length " << length);
    CHECK(line_ends_of(ExactBuffer(text).view()) == std::vector<std::size_t>{length});
  }
}

TEST_CASE("random texts of every length, dense and sparse in line breaks", "[line_ends]") {
  std::mt19937_64 rng(20240607);
  for (std::size_t length = 0; length <= 200; ++length) {
    for (int density : {2, 8, 40}) {
      std::string text(length, 'x');
      for (char& c : text) {
        std::uint64_t r = rng() % density;
        c = r == 0 ? '\n' : r == 1 ? '\r' : static_cast<char>(' ' + rng() % 95);
      }
      INFO("length " << length << ", density " << density);
      check_masks(text);
      CHECK(line_ends_of(ExactBuffer(text).view()) == reference_line_ends(text));
    }
  }
}

TEST_CASE("texts without any line break are one line", "[line_ends]") {
  for (std::size_t length : {1, 63, 64, 65, 128, 129, 1000}) {
    std::string text(length, 'z');
    CHECK(line_ends_of(ExactBuffer(text).view()) == std::vector<std::size_t>{length});
  }
  CHECK(line_ends_of(std::string_view()).empty());
}
