#pragma once
// One JSON Lines record per message (--emit): item, from, to, cc, subject,
// date, capitals, bytes, and the body with --emit-body. Every string is
// valid UTF-8 whatever the input encoding (see text/utf8.h).

#include <cstdint>
#include <string>
#include <string_view>

#include "message/message_analysis.h"

namespace mpingest {

struct RecordContext {
  std::string_view item;       // the item's label: relative path, or "row 17 (line 42)"
  std::uint64_t bytes = 0;     // the message's size in bytes
  TextEncoding encoding = TextEncoding::latin1;
  bool include_body = false;
};

// The record, without a trailing newline. `from` is the first From address
// (null without one); `to` and `cc` list the non-empty addresses, as counted.
std::string build_record(const RecordContext& context, const MessageFields& fields, const MessageCounts& counts);

}  // namespace mpingest
