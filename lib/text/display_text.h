#pragma once
// Names (file paths, input roots) as reports show them. A Linux file name is
// bytes, not text: it may hold invalid UTF-8 or control characters. JSON
// needs valid UTF-8, and a terminal must not be driven by an ESC in a file
// name, yet two different names must never come out the same.

#include <string>
#include <string_view>

namespace mpingest {

bool is_valid_utf8(std::string_view bytes);

// For a terminal: valid UTF-8 printable characters as they are; control
// characters (C0, DEL, C1), invalid bytes and the backslash as \xNN and \\,
// so the text is lossless and inert.
std::string printable(std::string_view bytes);

// RFC 4648 base64 with padding, as Python's base64.b64encode.
std::string base64(std::string_view bytes);

}  // namespace mpingest
