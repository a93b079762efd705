// The SIMD paths of capital counting against plain code on the same input:
// - count_capitals_latin1 (SSE2, 64-byte blocks, byte counters flushed every
//   63 blocks, a 16-byte loop and a scalar tail) against a one-line scalar
//   reference, on random buffers of every length 0..300 at every alignment
//   0..15, and on all-capital buffers around the counter flush;
// - count_capitals_utf8 (ASCII runs counted 16 bytes at a time, the rest
//   decoded) against decoding every code point, on random mixes of ASCII,
//   multi-byte and invalid sequences; is_uppercase_code_point below U+0100.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "text/capitals.h"
#include "text/utf8_decoder.h"

using namespace mpingest;

namespace {

// sum(c.isupper() for c in data.decode('latin-1')), byte by byte.
std::uint64_t reference_latin1_capitals(const unsigned char* data, std::size_t n) {
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = data[i];
    count += (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
  }
  return count;
}

// Bytes near every boundary of the two capital ranges, plus anything.
unsigned char random_byte(std::mt19937_64& rng) {
  static const unsigned char kEdges[] = {'@', 'A', 'B', 'Y', 'Z', '[', 'a', 'z', 0x7F, 0x80,
                                         0xBF, 0xC0, 0xC1, 0xD6, 0xD7, 0xD8, 0xDD, 0xDE, 0xDF, 0xFF};
  if (rng() % 2 == 0) return kEdges[rng() % sizeof kEdges];
  return static_cast<unsigned char>(rng());
}

}  // namespace

TEST_CASE("Latin-1 capitals: the fast path equals a scalar reference", "[capitals]") {
  std::mt19937_64 rng(20240601);
  std::vector<unsigned char> buffer(600 + 16);
  for (std::size_t length = 0; length <= 600; ++length) {  // both sides of the AVX2 cut at 256
    for (std::size_t offset = 0; offset < 16; ++offset) {
      for (auto& b : buffer) b = random_byte(rng);
      const unsigned char* data = buffer.data() + offset;
      std::string_view text(reinterpret_cast<const char*>(data), length);
      INFO("length " << length << ", offset " << offset);
      REQUIRE(count_capitals_latin1(text) == reference_latin1_capitals(data, length));
    }
  }
}

TEST_CASE("Latin-1 capitals: every lane full across counter flushes", "[capitals]") {
  // 63 blocks of 64 bytes fill a byte counter to 252; all-capital buffers
  // around and well past that check that no lane ever wraps.
  for (std::size_t length : {4031u, 4032u, 4033u, 4048u, 4095u, 4096u, 8064u, 8065u, 1u << 20, (1u << 20) + 7}) {
    for (unsigned char capital : {static_cast<unsigned char>('A'), static_cast<unsigned char>(0xDE)}) {
      std::string text(length, static_cast<char>(capital));
      INFO("length " << length << ", byte " << int(capital));
      CHECK(count_capitals_latin1(text) == length);
      text.assign(length, static_cast<char>(0xD7));
      CHECK(count_capitals_latin1(text) == 0);
    }
  }
  std::mt19937_64 rng(7);
  std::string text(3u << 20, '\0');
  for (char& c : text) c = static_cast<char>(random_byte(rng));
  CHECK(count_capitals_latin1(text) ==
        reference_latin1_capitals(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

TEST_CASE("code points below U+0100: capitals are A-Z and U+00C0-U+00DE but U+00D7", "[capitals]") {
  for (char32_t cp = 0; cp < 0x100; ++cp) {
    unsigned char byte = static_cast<unsigned char>(cp);
    INFO("U+" << std::hex << static_cast<unsigned>(cp));
    CHECK(is_uppercase_code_point(cp) == (reference_latin1_capitals(&byte, 1) == 1));
  }
}

TEST_CASE("UTF-8 capitals: ASCII runs and decoded characters add up as decoding everything", "[capitals]") {
  auto reference = [](std::string_view bytes) {
    Utf8Count count;
    Utf8Decoder decoder(bytes);
    char32_t cp;
    while (decoder.next(cp)) {
      if (decoder.last_was_invalid()) {
        ++count.invalid_sequences;
      } else {
        count.capitals += is_uppercase_code_point(cp);
      }
    }
    return count;
  };
  // ASCII (capitals or not), then two-, three- and four-byte characters
  // (capital or not: E-acute, e-acute, Greek Sigma, circled A, Deseret
  // capital), then invalid and truncated sequences.
  const std::vector<std::string> kPieces = {"A", "z", " ", "Hello World. ", "\xC3\x89", "\xC3\xA9", "\xCE\xA3",
                                            "\xE2\x92\xB6", "\xF0\x90\x90\x80", "\x80", "\xC3", "\xE2\x92",
                                            "\xF0\x90", "\xFF", "\xED\xA0\x80"};
  std::mt19937_64 rng(314);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    std::size_t target = rng() % 300;
    bool mostly_ascii = round % 2 == 0;
    while (text.size() < target) {
      std::size_t piece = mostly_ascii && rng() % 8 != 0 ? rng() % 4 : rng() % kPieces.size();
      text += kPieces[piece];
    }
    std::size_t offset = rng() % 16;
    std::string padded = std::string(offset, 'x') + text;
    std::string_view view = std::string_view(padded).substr(offset);
    Utf8Count expected = reference(view), got = count_capitals_utf8(view);
    INFO("round " << round << ", length " << view.size());
    REQUIRE(got.capitals == expected.capitals);
    REQUIRE(got.invalid_sequences == expected.invalid_sequences);
  }
}
