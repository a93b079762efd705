#include "run/run_journal.h"

#include <sys/stat.h>

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
                     (processing.follow_symlinks ? "yes" : "no") + ", column " + config.column;
  return identity;
}

RunJournal::RunJournal(const RunConfig& config, const ItemList& items, const ProcessingOptions& processing,
                       JournalStats& stats) {
  if (config.journal.empty()) return;
  stats.path = config.journal;
  const JournalIdentity identity = journal_identity(config, items, processing);
  const Task& task = find_task(processing.task);
  // --resume with no journal yet is a first run, as GNU parallel's --resume is.
  if (config.resume && exists(config.journal)) {
    JournalContents contents = read_journal(config.journal);
    if (std::string why = journal_mismatch(contents.identity, identity); !why.empty())
      throw UsageError("--resume: --journal " + config.journal + " cannot be resumed by this run: " + why);
    writer_.emplace(JournalWriter::resume(config.journal, contents));
    collector_.emplace(task, items.size(), &*writer_);
    for (const JournalEntry& entry : contents.entries) {
      try {
        collector_->adopt(entry.items, entry.result);
      } catch (const wire::WireError& e) {
        throw UsageError("--resume: --journal " + config.journal + " holds an entry this run cannot use: " + e.what());
      }
    }
    stats.resumed_entries = contents.entries.size();
    stats.resumed_items = collector_->items_done();
    stats.dropped_bytes = contents.dropped_bytes;
    stats.dropped_why = contents.dropped_why;
    entries_before_ = contents.entries.size();
  } else {
    writer_.emplace(JournalWriter::create(config.journal, identity));
    collector_.emplace(task, items.size(), &*writer_);
  }
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
}

}  // namespace mpingest
