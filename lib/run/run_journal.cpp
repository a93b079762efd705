#include "run/run_journal.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "common/system_error.h"
#include "corpus/listing_fingerprint.h"
#include "ipc/wire_format.h"

namespace mpingest {
namespace {

const char* encoding_text(TextEncoding encoding) { return encoding == TextEncoding::utf8 ? "utf-8" : "latin-1"; }

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// The records of the items a journal holds as done (as the collector that
// adopted its entries says), sorted by item, but for those its --emit file
// holds (before its output mark).
RecordWriter::Replayed resumed_records(const JournalContents& contents, const CheckpointCollector& collector,
                                       const std::string& path) {
  const std::uint64_t in_output = contents.output ? contents.output->items : 0;
  const std::size_t item_count = contents.identity.items;
  auto done = [&collector](std::uint64_t item) { return collector.is_done(item); };
  // Records of items not done are dropped: those items run again and bring
  // theirs. A re-run item appears twice, with the same record.
  RecordWriter::Replayed replayed;
  std::vector<bool> taken(item_count, false);
  for (const JournalRecord& record : contents.records) {
    if (!done(record.item) || taken[record.item] || record.item < in_output) continue;
    taken[record.item] = true;
    replayed.emplace_back(record.item, record.record);
  }
  for (std::size_t item = in_output; item < item_count; ++item)
    if (done(item) && !taken[item])
      throw UsageError("--resume: --journal " + path + " says item " + std::to_string(item) +
                       " is done but holds no record of it, so --emit's output cannot be made whole");
  std::sort(replayed.begin(), replayed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return replayed;
}

}  // namespace

JournalIdentity journal_identity(const RunConfig& config, const ItemList& items, const ProcessingOptions& processing) {
  JournalIdentity identity;
  identity.input = std::filesystem::absolute(config.input).lexically_normal().string();
  identity.format = static_cast<std::uint8_t>(items.format());
  identity.items = items.size();
  identity.fingerprint = listing_fingerprint(items);
  identity.task = processing.task;
  // What changes a task's answer for the same items; not how the run is split.
  identity.options = std::string("encoding ") + encoding_text(processing.encoding) + ", max-bytes " +
                     std::to_string(processing.max_bytes) + ", follow-symlinks " +
                     (processing.follow_symlinks ? "yes" : "no") + ", column " + config.column +
                     ", records " + (config.emit.empty() ? "no" : processing.emit_body ? "with bodies" : "yes");
  return identity;
}

RunJournal::RunJournal(const RunConfig& config, const ItemList& items, const ProcessingOptions& processing,
                       JournalStats& stats) {
  if (config.journal.empty()) return;
  stats.path = config.journal;
  checkpoint_s_ = config.checkpoint_s;
  const JournalIdentity identity = journal_identity(config, items, processing);
  const Task& task = find_task(processing.task);
  const bool with_records = !config.emit.empty();
  // --resume with no journal yet is a first run, as GNU parallel's --resume is.
  if (config.resume && exists(config.journal)) {
    JournalContents contents = read_journal(config.journal);
    if (std::string why = journal_mismatch(contents.identity, identity); !why.empty())
      throw UsageError("--resume: --journal " + config.journal + " cannot be resumed by this run: " + why);
    writer_.emplace(JournalWriter::resume(config.journal, contents));
    collector_.emplace(task, items.size(), &*writer_, with_records);
    for (const JournalEntry& entry : contents.entries) {
      try {
        collector_->adopt(entry.items, entry.result);
      } catch (const wire::WireError& e) {
        throw UsageError("--resume: --journal " + config.journal + " holds an entry this run cannot use: " + e.what());
      }
    }
    if (with_records) {
      replayed_ = resumed_records(contents, *collector_, config.journal);
      journal_map_ = contents.file;
      resumed_mark_ = contents.output;
    }
    stats.resumed_entries = contents.entries.size();
    stats.resumed_items = collector_->items_done();
    stats.dropped_bytes = contents.dropped_bytes;
    stats.dropped_why = contents.dropped_why;
    entries_before_ = contents.entries.size();
  } else {
    writer_.emplace(JournalWriter::create(config.journal, identity));
    collector_.emplace(task, items.size(), &*writer_, with_records);
  }
}

void RunJournal::attach(RecordWriter& writer, OutputChannel& output, JournalStats& stats) {
  if (!collector_) return;
  CheckpointCollector* collector = &*collector_;
  if (resumed_mark_) {
    writer.continue_after(*resumed_mark_);
    stats.resumed_output_bytes = resumed_mark_->bytes;
  }
  if (writer.can_mark()) {
    collector->use_output_marks(resumed_mark_.value_or(wire::OutputMark{}), checkpoint_s_);
    writer.observe_marks([collector](const wire::OutputMark& mark) { collector->note_output(mark); });
    writer_->sync_first([&output] { output.sync(); });
  }
  writer.observe([collector](std::uint64_t item, std::string_view record) { collector->note_record(item, record); });
  stats.resumed_records = static_cast<std::uint64_t>(std::count_if(
      replayed_.begin(), replayed_.end(), [](const auto& replayed) { return !replayed.second.empty(); }));
  writer.replay(std::move(replayed_));
}

RunJournal::~RunJournal() {
  // A run that stops (a signal, an error) keeps what its workers handed over.
  if (!collector_) return;
  try {
    collector_->commit();
  } catch (const std::exception&) {
  }
}

void RunJournal::finish(JournalStats& stats) {
  if (!collector_) return;
  collector_->commit();
  stats.entries_written = writer_->entries_written() - entries_before_;
  stats.record_bytes_written = writer_->record_bytes_written();
}

}  // namespace mpingest
