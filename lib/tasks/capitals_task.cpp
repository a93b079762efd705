#include "tasks/capitals_task.h"

#include <fmt/format.h>

#include <algorithm>

#include "mpingest/typed_task.h"
#include "tasks/capitals_record.h"
#include "text/display_text.h"
#include "text/number_format.h"
#include "text/utf8.h"

namespace mpingest {

CapitalsCounts& CapitalsCounts::operator+=(const CapitalsCounts& o) {
  capitals += o.capitals;
  to_addresses += o.to_addresses;
  messages_without_to += o.messages_without_to;
  cc_addresses += o.cc_addresses;
  messages_without_headers += o.messages_without_headers;
  invalid_sequences += o.invalid_sequences;
  addresses += o.addresses;
  return *this;
}

bool CapitalsCounts::operator==(const CapitalsCounts& o) const {
  return capitals == o.capitals && to_addresses == o.to_addresses && messages_without_to == o.messages_without_to &&
         cc_addresses == o.cc_addresses && messages_without_headers == o.messages_without_headers &&
         invalid_sequences == o.invalid_sequences && addresses == o.addresses;
}

void CapitalsTask::process(const TaskItem& item, Partial& partial, ItemResult& result) {
  const bool count_addresses = options_.top > 0;
  const bool want_fields = result.record != nullptr || count_addresses;
  MessageCounts counts;
  try {
    counts = analyzer_.analyze(item.text, want_fields ? &fields_ : nullptr);
  } catch (const AddressListTooDeep& e) {
    result.error = std::string("unparseable address list: ") + e.what();
    return;
  }
  if (count_addresses) {
    senders_.clear();
    recipients_.clear();
    for (const Address& a : fields_.from_addresses) senders_.push_back(a.address);
    for (const Address& a : fields_.to) recipients_.push_back(a.address);
    for (const Address& a : fields_.cc) recipients_.push_back(a.address);
    partial.addresses.add_message(senders_, recipients_);
  }
  partial.capitals += counts.capitals;
  partial.invalid_sequences += counts.invalid_sequences;
  partial.to_addresses += counts.to_addresses;
  partial.cc_addresses += counts.cc_addresses;
  partial.messages_without_to += counts.has_to ? 0 : 1;
  partial.messages_without_headers += counts.has_headers ? 0 : 1;
  if (result.record != nullptr) {
    std::string label = item.label();
    RecordContext context{label, item.text.size(), options_.encoding, options_.emit_body};
    *result.record = build_record(context, fields_, counts);
  }
}

namespace {

// --top as text: senders and recipients side by side, then pairs.
std::string top_text(const TopAddresses& top, const TaskOptions& options) {
  std::string out = fmt::format("\ntop {} senders{:>40}top {} recipients\n", options.top, "", options.top);
  std::size_t rows = std::max(top.senders.size(), top.recipients.size());
  // Addresses are message text: decoded as the run decodes messages, then made inert for a terminal.
  auto shown = [&options](const std::string& address) { return printable(to_utf8(address, options.encoding)); };
  for (std::size_t i = 0; i < rows; ++i) {
    std::string left, right;
    if (i < top.senders.size())
      left = fmt::format("{:>8}  {}", grouped(top.senders[i].count), shown(top.senders[i].address));
    if (i < top.recipients.size())
      right = fmt::format("{:>8}  {}", grouped(top.recipients[i].count), shown(top.recipients[i].address));
    out += fmt::format("  {:<52}{}\n", left, right);
  }
  out += fmt::format("top {} sender -> recipient pairs\n", options.top);
  for (const RankedPair& p : top.pairs)
    out += fmt::format("  {:>8}  {} -> {}\n", grouped(p.count), shown(p.from), shown(p.to));
  return out;
}

nlohmann::json top_json(const TopAddresses& top, const TaskOptions& options) {
  using nlohmann::json;
  const TextEncoding encoding = options.encoding;
  auto ranked = [encoding](const std::vector<RankedAddress>& list) {
    json out = json::array();
    for (const RankedAddress& a : list) out.push_back({{"address", to_utf8(a.address, encoding)}, {"count", a.count}});
    return out;
  };
  json pairs = json::array();
  for (const RankedPair& p : top.pairs)
    pairs.push_back({{"from", to_utf8(p.from, encoding)}, {"to", to_utf8(p.to, encoding)}, {"count", p.count}});
  return {{"k", options.top}, {"senders", ranked(top.senders)}, {"recipients", ranked(top.recipients)},
          {"pairs", std::move(pairs)}};
}

}  // namespace

TaskReport CapitalsTask::report(const Partial& merged, const TaskOptions& options) {
  TaskReport report;
  report.totals = {{"capitals", merged.capitals},
                   {"to_addresses", merged.to_addresses},
                   {"messages_without_to", merged.messages_without_to}};
  report.totals_note = fmt::format("(cc_addresses {}, messages without headers {}, invalid UTF-8 sequences {})",
                                   grouped(merged.cc_addresses), grouped(merged.messages_without_headers),
                                   grouped(merged.invalid_sequences));
  report.json["detail"] = {{"cc_addresses", merged.cc_addresses},
                           {"messages_without_headers", merged.messages_without_headers},
                           {"invalid_utf8_sequences", merged.invalid_sequences}};
  if (options.top > 0) {
    TopAddresses top = top_addresses(merged.addresses, options.top);
    report.text = top_text(top, options);
    report.json["top"] = top_json(top, options);
  }
  return report;
}

std::unique_ptr<Task> make_capitals_task() {
  return std::make_unique<TypedTask<CapitalsTask>>(
      "capitals", "capital letters, To/Cc addresses and (--top) senders and recipients of each message");
}

const CapitalsCounts& capitals_counts(const TaskPartial& partial) {
  return TypedTask<CapitalsTask>::value(partial);
}

CapitalsCounts& capitals_counts(TaskPartial& partial) { return TypedTask<CapitalsTask>::value(partial); }

}  // namespace mpingest
