#pragma once
// Capital letters counted exactly as Python's sum(c.isupper() for c in text).
// For one character, str.isupper() is the Unicode "Uppercase" property
// (Lu plus Other_Uppercase such as U+24B6 CIRCLED LATIN CAPITAL LETTER A), as
// in CPython's unicodedata tables; titlecase letters (U+01C5) do not count.

#include <cstdint>
#include <string_view>

namespace mpingest {

// Text decoded as ISO-8859-1: A-Z, U+00C0-U+00D6 and U+00D8-U+00DE.
std::uint64_t count_capitals_latin1(std::string_view bytes);

struct Utf8Count {
  std::uint64_t capitals = 0;
  // Sequences that Python's bytes.decode('utf-8', 'replace') turns into one
  // U+FFFD each (the Unicode "maximal subpart" rule); they never count.
  std::uint64_t invalid_sequences = 0;
};

Utf8Count count_capitals_utf8(std::string_view bytes);

// Whether code point cp has Python's isupper() (Unicode 14.0, CPython 3.11).
bool is_uppercase_code_point(char32_t cp);

}  // namespace mpingest
