#pragma once
// A file name (or any byte string that is usually but not always UTF-8)
// as a JSON member, lossless and always valid JSON, as ripgrep's JSON
// output does it: `key` holds the text, each invalid UTF-8 sequence
// replaced by U+FFFD (as Python's errors='replace'), and only when that
// lost something, `key`_bytes holds the exact bytes in base64. Two
// different names therefore never print the same.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "text/display_text.h"
#include "text/utf8.h"

namespace mpingest {

inline void put_name(nlohmann::json& object, const std::string& key, std::string_view name) {
  if (is_valid_utf8(name)) {
    object[key] = std::string(name);
    return;
  }
  object[key] = to_utf8(name, TextEncoding::utf8);
  object[key + "_bytes"] = base64(name);
}

}  // namespace mpingest
