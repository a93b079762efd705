#pragma once
// The --journal file: what a run has finished, so that a run that was
// interrupted (a killed parent, a dead MPI rank) can be resumed without
// redoing it. A header says which run it belongs to; each entry says which
// items were done and holds their result (envelope and task partial, as
// result/result_codec.h serializes it). Header and entries are frames of
// the wire format (ipc/wire_format.h): length-prefixed and checksummed, so
// a torn last entry (the parent killed mid-write) is detected and dropped,
// never trusted. Entries are appended in groups, each group fdatasync'd.
//
// With --emit, the journal also holds the records of the items it has done,
// in records entries written before the entry that says those items are
// done, but for those the --emit file itself holds: an output entry (an
// output mark, ipc/output_mark.h) says how far the file had got. A resumed
// run continues the file after the last mark and writes the other records
// in their turn, so its output is the uninterrupted run's.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/mapped_file.h"
#include "journal/background_sync.h"
#include "common/unique_fd.h"
#include "ipc/output_mark.h"
#include "result/checkpoint.h"

namespace mpingest {

// Everything that must match for a journal's results to belong in a run:
// the same items (count and listing fingerprint) of the same input, the same
// task and the options that change its answer. How the run is split (mode,
// dispatch, workers) may differ: a job run with MPI may be resumed by fork.
struct JournalIdentity {
  std::string input;          // --input, as an absolute path
  std::uint8_t format = 0;    // CorpusFormat
  std::uint64_t items = 0;
  std::uint64_t fingerprint = 0;  // corpus/listing_fingerprint.h
  std::string task;
  std::string options;        // the answer-changing options, as text (encoding, --max-bytes, ...)

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & input & format & items & fingerprint & task & options;
  }
};

// "" when `journal` may be resumed by a run of `run`, else why not.
std::string journal_mismatch(const JournalIdentity& journal, const JournalIdentity& run);

struct JournalEntry {
  std::vector<ItemRange> items;  // done, in increasing order
  std::string result;            // their ShardResult, serialized
};

// An --emit record held by a journal: a view into its mapped file.
struct JournalRecord {
  std::uint64_t item = 0;
  std::string_view record;  // "" for an item without one (an error)
};

struct JournalContents {
  JournalIdentity identity;
  std::vector<JournalEntry> entries;
  std::vector<JournalRecord> records;       // in the order written; an item may appear twice (re-run after a failure)
  std::optional<wire::OutputMark> output;  // the last output mark, if any
  std::shared_ptr<const MappedFile> file;  // what `records` point into
  std::uint64_t valid_bytes = 0;    // the header and every entry kept
  std::uint64_t dropped_bytes = 0;  // after them: a torn or corrupt tail, never trusted
  std::string dropped_why;          // "" when nothing was dropped
};

// Reads a journal. Throws UsageError if it cannot be read or is not a
// journal (no valid header).
JournalContents read_journal(const std::string& path);

class JournalWriter {
 public:
  // A new journal at `path` (replacing any file there), holding the header.
  static JournalWriter create(const std::string& path, const JournalIdentity& identity);
  // An existing journal read by read_journal, its dropped tail cut off.
  static JournalWriter resume(const std::string& path, const JournalContents& contents);

  // Appends an entry (a checkpoint's payload, result/checkpoint.h) at once,
  // so that a killed process loses nothing; when kGroupEntries are unsynced
  // or kGroupSeconds have passed since the last sync, a thread of the
  // journal's syncs them (background_sync.h), so that a crash of the
  // machine loses at most about one group.
  void add(std::string_view checkpoint_payload);
  void add(const JournalEntry& entry) { add(wire::encode_checkpoint(entry.items, entry.result)); }
  // Appends a records entry (a record batch's payload, ipc/record_batch.h),
  // committed with the entries that follow it.
  void add_records(std::string_view batch_payload);
  // Appends an output entry: how far the --emit file had got.
  void add_output(const wire::OutputMark& mark);
  // Called by each sync before the journal is synced: what the journal
  // says of another file (the --emit file) must be on disk first. Before
  // the first entry.
  void sync_first(std::function<void()> sync);
  // fdatasyncs what was appended, and returns when it is on disk. Throws
  // ResourceError when the disk is full, RunError for other failures (add
  // throws those of a group sync too).
  void commit();
  std::uint64_t entries_written() const { return entries_; }
  std::uint64_t record_bytes_written() const { return record_bytes_; }

  static constexpr std::size_t kGroupEntries = 64;
  static constexpr double kGroupSeconds = 0.5;

 private:
  JournalWriter(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  void write(const std::string& bytes);
  // Syncs on the journal's thread when a group is complete.
  void sync_if_group_complete();
  // What a sync does, on either thread: it touches only what it captures.
  std::function<void()> sync_routine() const;

  UniqueFd fd_;
  std::string path_;
  std::size_t unsynced_entries_ = 0;
  // A new journal: its directory entry is not synced yet (shared with the syncing thread).
  std::shared_ptr<std::atomic<bool>> name_unsynced_ = std::make_shared<std::atomic<bool>>(false);
  std::int64_t last_sync_ns_ = 0;
  std::uint64_t entries_ = 0;
  std::uint64_t record_bytes_ = 0;
  std::function<void()> sync_first_;
  std::unique_ptr<BackgroundSync> background_;  // last: stopped before the file is closed
};

}  // namespace mpingest
