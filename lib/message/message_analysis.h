#pragma once
// Everything mpingest learns from one message's text: the counts every run
// needs and, on request, the parsed fields that --emit and --top need. One
// header parse serves both.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "message/addresses.h"
#include "message/message_headers.h"
#include "mpingest/text_encoding.h"

namespace mpingest {

struct MessageCounts {
  std::uint64_t capitals = 0;
  std::uint64_t invalid_sequences = 0;
  std::uint64_t to_addresses = 0;
  std::uint64_t cc_addresses = 0;
  bool has_to = false;
  bool has_headers = false;
};

// Parsed fields; views point into the analysed text.
struct MessageFields {
  std::optional<std::string_view> from, subject, date;  // raw header values, as msg[name]
  std::vector<Address> from_addresses, to, cc;           // getaddresses() of the first From/To/Cc
  std::string_view body_prefix;  // rarely non-empty: see MessageHeaders::body_prefix
  std::string_view body;         // the message's body is body_prefix + body
};

class MessageAnalyzer {
 public:
  explicit MessageAnalyzer(TextEncoding encoding) : encoding_(encoding) {}

  // Counts `text`; if `fields` is given, also fills it.
  // Throws AddressListTooDeep for address lists Python cannot parse either.
  MessageCounts analyze(std::string_view text, MessageFields* fields = nullptr);

 private:
  TextEncoding encoding_;
  MessageHeaders headers_;  // reused: no allocation per message once warm
};

}  // namespace mpingest
