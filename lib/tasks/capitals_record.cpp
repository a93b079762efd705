#include "tasks/capitals_record.h"

#include <nlohmann/json.hpp>

#include "text/json_name.h"
#include "text/utf8.h"

namespace mpingest {
namespace {

using nlohmann::json;

json text_or_null(const std::optional<std::string_view>& value, TextEncoding encoding) {
  return value ? json(to_utf8(*value, encoding)) : json(nullptr);
}

json address_array(const std::vector<Address>& list, TextEncoding encoding) {
  json out = json::array();
  for (const Address& a : list) {
    if (!a.address.empty()) out.push_back(to_utf8(a.address, encoding));
  }
  return out;
}

}  // namespace

std::string build_record(const RecordContext& context, const MessageFields& fields, const MessageCounts& counts) {
  const TextEncoding enc = context.encoding;
  json record;
  put_name(record, "item", context.item);  // file names are bytes: lossless even when not UTF-8
  json from = nullptr;
  for (const Address& a : fields.from_addresses) {
    if (!a.address.empty()) {
      from = to_utf8(a.address, enc);
      break;
    }
  }
  record["from"] = std::move(from);
  record["to"] = address_array(fields.to, enc);
  record["cc"] = address_array(fields.cc, enc);
  record["subject"] = text_or_null(fields.subject, enc);
  record["date"] = text_or_null(fields.date, enc);
  record["capitals"] = counts.capitals;
  record["bytes"] = context.bytes;
  if (context.include_body) {
    record["body"] = fields.body_prefix.empty() ? to_utf8(fields.body, enc)
                                                : to_utf8(std::string(fields.body_prefix).append(fields.body), enc);
  }
  return record.dump();
}

}  // namespace mpingest
