#include "worker/item_processor.h"

#include "common/stopwatch.h"
#include "worker/record_builder.h"

namespace mpingest {

ItemProcessor::ItemProcessor(const ItemTable& items, const ProcessingOptions& options, std::mutex* gil,
                             RecordSink* records)
    : items_(items),
      options_(options),
      gil_(gil),
      records_(records),
      reader_(make_item_reader(items, options.max_bytes, options.read_method, options.follow_symlinks)),
      analyzer_(options.encoding) {
  test_fault_.maybe_trigger_at_start();
}

void ItemProcessor::add_error(std::size_t index, std::string reason, ShardResult& out) {
  if (reason.size() > kMaxReasonBytes) reason.resize(kMaxReasonBytes);
  out.totals.errors += 1;
  out.errors.push_back({index, std::move(reason)});
  if (records_ != nullptr) records_->put(index, {});  // no record, but the item is accounted for
}

std::int64_t ItemProcessor::process(std::size_t index, ShardResult& out, std::int64_t start_ns) {
  test_fault_.maybe_trigger(index);
  out.totals.items += 1;
  out.stats.items += 1;
  ItemKind kind = items_.kind(index);
  if (kind != ItemKind::regular) {
    add_error(index, items_.describe_kind(index), out);
    return steady_ns();
  }
  ReadOutcome read = reader_->read(index);
  std::int64_t read_ns = steady_ns();
  out.stats.read_s += seconds_between(start_ns, read_ns);
  if (!read.ok) {
    add_error(index, std::move(read.error), out);
    return read_ns;
  }
  out.stats.bytes += read.bytes.size();
  // An empty file is an error item (the reference's rule for a maildir), but
  // an empty record of a CSV or mbox is a message with no headers, as
  // Python's mailbox and csv modules hand it to the parser.
  if (read.bytes.empty() && items_.format() == CorpusFormat::maildir) {
    add_error(index, "empty file", out);
    return read_ns;
  }
  std::unique_lock<std::mutex> gil_held;
  if (gil_ != nullptr) {
    gil_held = std::unique_lock<std::mutex>(*gil_);
    std::int64_t held_ns = steady_ns();
    out.stats.wait_s += seconds_between(read_ns, held_ns);
    read_ns = held_ns;
  }
  add_message(index, read.bytes, out);
  std::int64_t done_ns = steady_ns();
  out.stats.busy_s += seconds_between(read_ns, done_ns);
  return done_ns;
}

void ItemProcessor::read_ahead(const std::vector<std::size_t>& indices, ShardResult& out) {
  std::int64_t start_ns = steady_ns();
  reader_->read_ahead(indices);
  out.stats.read_s += seconds_between(start_ns, steady_ns());
}

void ItemProcessor::add_message(std::size_t index, std::string_view text, ShardResult& out) {
  MessageCounts counts;
  bool want_fields = records_ != nullptr || options_.count_addresses;
  try {
    counts = analyzer_.analyze(text, want_fields ? &fields_ : nullptr);
  } catch (const AddressListTooDeep& e) {
    add_error(index, std::string("unparseable address list: ") + e.what(), out);
    return;
  }
  if (options_.count_addresses) {
    senders_.clear();
    recipients_.clear();
    for (const Address& a : fields_.from_addresses) senders_.push_back(a.address);
    for (const Address& a : fields_.to) recipients_.push_back(a.address);
    for (const Address& a : fields_.cc) recipients_.push_back(a.address);
    out.addresses.add_message(senders_, recipients_);
  }
  Totals& t = out.totals;
  t.messages += 1;
  t.bytes += text.size();
  t.capitals += counts.capitals;
  t.invalid_sequences += counts.invalid_sequences;
  t.to_addresses += counts.to_addresses;
  t.cc_addresses += counts.cc_addresses;
  t.messages_without_to += counts.has_to ? 0 : 1;
  t.messages_without_headers += counts.has_headers ? 0 : 1;
  // The record goes last: once it is sent the item is done, so a worker that
  // dies on an item (the suspect, maybe poison) has never sent its record.
  if (records_ != nullptr) {
    std::string label = items_.label(index);
    RecordContext context{label, text.size(), options_.encoding, options_.emit_body};
    records_->put(index, build_record(context, fields_, counts));
  }
}

}  // namespace mpingest
