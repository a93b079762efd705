#include "message/message_analysis.h"

#include "text/capitals.h"

namespace mpingest {
namespace {

std::size_t count_nonempty(const std::vector<Address>& list) {
  std::size_t n = 0;
  for (const Address& a : list) n += a.address.empty() ? 0 : 1;
  return n;
}

}  // namespace

MessageCounts MessageAnalyzer::analyze(std::string_view text, MessageFields* fields) {
  MessageCounts counts;
  if (encoding_ == TextEncoding::latin1) {
    counts.capitals = count_capitals_latin1(text);
  } else {
    Utf8Count utf8 = count_capitals_utf8(text);
    counts.capitals = utf8.capitals;
    counts.invalid_sequences = utf8.invalid_sequences;
  }
  headers_.parse(text);
  counts.has_headers = headers_.field_count() > 0;
  std::optional<std::string_view> to = headers_.to();
  std::optional<std::string_view> cc = headers_.cc();
  counts.has_to = to.has_value();
  if (fields == nullptr) {
    // The common path: counting only, no address strings kept.
    if (to) counts.to_addresses = count_addresses(*to);
    if (cc) counts.cc_addresses = count_addresses(*cc);
    return counts;
  }
  fields->from = headers_.find("From");
  fields->subject = headers_.find("Subject");
  fields->date = headers_.find("Date");
  fields->from_addresses = fields->from ? parse_address_list(*fields->from) : std::vector<Address>{};
  fields->to = to ? parse_address_list(*to) : std::vector<Address>{};
  fields->cc = cc ? parse_address_list(*cc) : std::vector<Address>{};
  fields->body_prefix = headers_.body_prefix();
  fields->body = text.substr(headers_.body_offset());
  counts.to_addresses = count_nonempty(fields->to);
  counts.cc_addresses = count_nonempty(fields->cc);
  return counts;
}

}  // namespace mpingest
