#include "launch/checkpoint_collector.h"

#include <algorithm>

#include "common/stopwatch.h"
#include "common/system_error.h"
#include "ipc/wire_format.h"
#include "result/result_codec.h"

namespace mpingest {
namespace {

class CollectorSink final : public CheckpointSink {
 public:
  explicit CollectorSink(CheckpointCollector& collector) : collector_(collector) {}
  void put(Checkpoint&& checkpoint) override { collector_.accept(std::move(checkpoint)); }

 private:
  CheckpointCollector& collector_;
};

// Records are journaled in entries of about this size, or before a checkpoint needing them.
constexpr std::size_t kRecordEntryBytes = 1u << 20;

}  // namespace

CheckpointCollector::CheckpointCollector(const Task& task, std::size_t item_count, JournalWriter* journal,
                                         bool with_records)
    : task_(task),
      journal_(journal),
      with_records_(journal != nullptr && with_records),
      done_(item_count, false),
      recorded_(with_records_ ? item_count : 0, false) {}

void CheckpointCollector::accept(Checkpoint&& checkpoint) {
  std::string payload = journal_ != nullptr ? wire::encode_checkpoint(checkpoint) : std::string();
  std::lock_guard<std::mutex> lock(mutex_);
  keep(checkpoint.items, std::move(checkpoint.result));
  if (journal_ != nullptr) journal(std::move(checkpoint.items), std::move(payload));
}

void CheckpointCollector::accept_payload(std::string_view payload) {
  std::vector<ItemRange> items;
  std::string_view result_bytes;
  if (std::string why = wire::split_checkpoint(payload, done_.size(), items, result_bytes); !why.empty())
    throw wire::WireError(why);
  ShardResult result = wire::deserialize_result(result_bytes, task_);
  std::lock_guard<std::mutex> lock(mutex_);
  keep(items, std::move(result));
  if (journal_ != nullptr) journal(std::move(items), std::string(payload));
}

void CheckpointCollector::adopt(const std::vector<ItemRange>& items, std::string_view result_bytes) {
  ShardResult result = wire::deserialize_result(result_bytes, task_);
  std::lock_guard<std::mutex> lock(mutex_);
  keep(items, std::move(result));
}

void CheckpointCollector::keep(const std::vector<ItemRange>& items, ShardResult result) {
  // Every item is done once: a second claim to one would count it twice.
  for (const ItemRange& range : items)
    range.for_each([this](std::uint64_t item) {
      if (done_[item]) throw wire::WireError("a checkpoint holds item " + std::to_string(item) + ", done already");
    });
  for (const ItemRange& range : items) range.for_each([this](std::uint64_t item) { done_[item] = true; });
  for (const ItemRange& range : items) done_count_ += range.size();
  result.stats = {};  // the worker's statistics come with its final result
  results_.push_back(std::move(result));
}

void CheckpointCollector::note_record(std::uint64_t item, std::string_view record) {
  if (!with_records_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (item >= recorded_.size() || recorded_[item]) return;
  recorded_[item] = true;
  if (marks_) {
    // Most are in the output before a checkpoint needs them: only kept till then.
    unjournaled_.emplace(item, std::string(record));
    return;
  }
  records_.add(item, record);
  if (records_.size() >= kRecordEntryBytes) journal_->add_records(records_.take_payload());
}

void CheckpointCollector::use_output_marks(const wire::OutputMark& from, double max_wait_s) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!with_records_) return;
  marks_ = true;
  mark_ = journaled_mark_ = from;
  max_wait_ns_ = static_cast<std::int64_t>(max_wait_s * 1e9);
}

void CheckpointCollector::note_output(const wire::OutputMark& mark) {
  std::lock_guard<std::mutex> lock(mutex_);
  mark_ = mark;
  unjournaled_.erase(unjournaled_.begin(), unjournaled_.lower_bound(mark.items));
  if (!waiting_.empty()) journal_waiting(false);
}

void CheckpointCollector::journal_records_of(const std::vector<ItemRange>& items) {
  if (!marks_) {
    if (!records_.empty()) journal_->add_records(records_.take_payload());
    return;
  }
  // The mark first: the records of items before it are in the output.
  if (mark_ != journaled_mark_) {
    journal_->add_output(mark_);
    journaled_mark_ = mark_;
  }
  wire::RecordBatch batch;
  for (const ItemRange& range : items) {
    for (std::uint64_t item = range.first_from(mark_.items); item < range.end; item += range.stride) {
      auto it = unjournaled_.find(item);
      if (it == unjournaled_.end())
        throw RunError("--journal: the record of item " + std::to_string(item) + " is neither in the output nor held");
      batch.add(item, it->second);
      unjournaled_.erase(it);
    }
  }
  if (!batch.empty()) journal_->add_records(batch.take_payload());
}

bool CheckpointCollector::all_recorded(const std::vector<ItemRange>& items) const {
  if (!with_records_) return true;
  for (const ItemRange& range : items)
    for (std::uint64_t item = range.first; item < range.end; item += range.stride)
      if (!recorded_[item]) return false;  // (for_each cannot stop early)
  return true;
}

void CheckpointCollector::journal(std::vector<ItemRange> items, std::string payload) {
  std::uint64_t last_item = 0;
  for (const ItemRange& range : items)
    if (range.size() > 0) last_item = std::max(last_item, range.last());
  waiting_.push_back({std::move(items), std::move(payload), last_item, steady_ns()});
  journal_waiting(false);
}

void CheckpointCollector::journal_waiting(bool all) {
  const std::int64_t now = marks_ && !all ? steady_ns() : 0;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    const bool may_go = all || !marks_ || it->last_item < mark_.items || now - it->since_ns >= max_wait_ns_;
    if (!may_go || !all_recorded(it->items)) {
      ++it;
      continue;
    }
    // The records first: an entry naming items done follows theirs.
    journal_records_of(it->items);
    journal_->add(it->payload);
    it = waiting_.erase(it);
  }
}

std::size_t CheckpointCollector::checkpoints_waiting() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_.size();
}

bool CheckpointCollector::is_done(std::uint64_t item) const { return done_[item]; }

std::uint64_t CheckpointCollector::items_done() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return done_count_;
}

std::vector<std::uint64_t> CheckpointCollector::items_left() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::uint64_t> left;
  for (std::size_t item = 0; item < done_.size(); ++item)
    if (!done_[item]) left.push_back(item);
  return left;
}

void CheckpointCollector::drop_done(std::vector<std::uint64_t>& items) const {
  std::lock_guard<std::mutex> lock(mutex_);
  items.erase(std::remove_if(items.begin(), items.end(), [this](std::uint64_t item) { return done_[item]; }),
              items.end());
}

std::vector<ShardResult> CheckpointCollector::take_results() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(results_, {});
}

void CheckpointCollector::commit() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (journal_ == nullptr) return;
  journal_waiting(true);
  journal_->commit();
}

std::unique_ptr<CheckpointSink> CheckpointCollector::sink() { return std::make_unique<CollectorSink>(*this); }

}  // namespace mpingest
