#include "worker/item_processor.h"

#include "common/stopwatch.h"

namespace mpingest {

ItemProcessor::ItemProcessor(const ItemTable& items, const ProcessingOptions& options, const Task& task,
                             std::mutex* gil, RecordSink* records)
    : items_(items),
      options_(options),
      gil_(gil),
      records_(records),
      reader_(make_item_reader(items, options.max_bytes, options.read_method, options.follow_symlinks)),
      task_(task.make_worker(options.task_options())) {
  test_fault_.maybe_trigger_at_start();
}

void ItemProcessor::add_error(std::size_t index, std::string reason, ShardResult& out) {
  if (reason.size() > kMaxReasonBytes) reason.resize(kMaxReasonBytes);
  out.totals.errors += 1;
  out.errors.push_back({index, std::move(reason)});
  if (records_ != nullptr) records_->put(index, {});  // no record, but the item is accounted for
}

ItemTimes ItemProcessor::process(std::size_t index, ShardResult& out, std::int64_t start_ns) {
  test_fault_.maybe_trigger(index);
  out.totals.items += 1;
  out.stats.items += 1;
  ItemTimes times{start_ns, start_ns, start_ns, start_ns};
  ItemKind kind = items_.kind(index);
  if (kind != ItemKind::regular) {
    add_error(index, items_.describe_kind(index), out);
    times.done_ns = steady_ns();
    return times;
  }
  ReadOutcome read = reader_->read(index);
  times.read_ns = times.held_ns = times.done_ns = steady_ns();
  out.stats.read_s += seconds_between(start_ns, times.read_ns);
  if (!read.ok) {
    add_error(index, std::move(read.error), out);
    return times;
  }
  out.stats.bytes += read.bytes.size();
  // An empty file is an error item (the reference's rule for a maildir), but
  // an empty record of a CSV or mbox is a message with no headers, as
  // Python's mailbox and csv modules hand it to the parser.
  if (read.bytes.empty() && items_.format() == CorpusFormat::maildir) {
    add_error(index, "empty file", out);
    return times;
  }
  std::unique_lock<std::mutex> gil_held;
  if (gil_ != nullptr) {
    gil_held = std::unique_lock<std::mutex>(*gil_);
    times.held_ns = steady_ns();
    out.stats.wait_s += seconds_between(times.read_ns, times.held_ns);
  }
  add_message(index, read.bytes, out);
  times.done_ns = steady_ns();
  out.stats.busy_s += seconds_between(times.held_ns, times.done_ns);
  return times;
}

std::int64_t ItemProcessor::read_ahead(const std::vector<std::size_t>& indices, ShardResult& out, std::int64_t start_ns) {
  reader_->read_ahead(indices);
  std::int64_t done_ns = steady_ns();
  out.stats.read_s += seconds_between(start_ns, done_ns);
  return done_ns;
}

void ItemProcessor::add_message(std::size_t index, std::string_view text, ShardResult& out) {
  ItemResult result;
  if (records_ != nullptr) {
    record_.clear();
    result.record = &record_;
  }
  task_->process(TaskItem{index, text, &items_}, *out.partial, result);
  if (!result.error.empty()) {
    add_error(index, std::move(result.error), out);
    return;
  }
  out.totals.messages += 1;
  out.totals.bytes += text.size();
  // The record goes last: once it is sent the item is done, so a worker that
  // dies on an item (the suspect, maybe poison) has never sent its record.
  if (records_ != nullptr) records_->put(index, record_);
}

}  // namespace mpingest
