#pragma once
// The parent's end of checkpoints (result/checkpoint.h), shared by every
// launch mode: each checkpoint is journaled (--journal) and its result kept
// for the merge, and the collector knows which items are done, so that
// recovery never re-runs an item a worker finished before it died and a
// resumed run runs only what its journal lacks. Thread-safe: threads hand
// checkpoints over concurrently.
//
// With --emit it journals the records too, in records entries written
// before any checkpoint entry that names their items. The parent's writer
// hands each record over as it takes it (note_record). When it writes in
// order to a regular file, it also says how far the file has got
// (note_output): records the file holds need no copy in the journal, only an
// output entry (the mark) before the checkpoint; only the records of items
// past the mark are journaled. Otherwise every record is. A checkpoint
// whose items are past the mark (their records wait in the reorder buffer
// for a slower worker) waits up to `max_wait_s` for the output to pass them
// before its records are copied into the journal.
//
// A checkpoint whose items' records have not all arrived yet (they travel
// apart from it: a shared-memory ring, another MPI tag) is kept for the
// merge at once but journaled only when they have, so a journal never says
// an item is done without its record.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "ipc/output_mark.h"
#include "ipc/record_batch.h"
#include "journal/journal_file.h"
#include "mpingest/task.h"
#include "result/checkpoint.h"
#include "worker/checkpoint_sink.h"

namespace mpingest {

class CheckpointCollector {
 public:
  // `journal` (not owned) may be null: checkpoints are then only merged.
  // `with_records`: the run emits records, and the journal must hold them.
  CheckpointCollector(const Task& task, std::size_t item_count, JournalWriter* journal, bool with_records = false);

  // A checkpoint of an in-process worker.
  void accept(Checkpoint&& checkpoint);
  // A checkpoint's payload from a process worker or an MPI rank. Throws
  // wire::WireError if it is unsound (bad ranges, undecodable result, items
  // done already).
  void accept_payload(std::string_view payload);
  // A checkpoint read from the journal of an earlier run (its ranges were
  // checked when the journal was read): kept and counted, not journaled
  // again. Throws wire::WireError as accept_payload does.
  void adopt(const std::vector<ItemRange>& items, std::string_view result_bytes);

  // An item's --emit record, as the parent's writer took it ("" for none).
  void note_record(std::uint64_t item, std::string_view record);
  // The writer reports output marks, starting from `from` (a resumed
  // output's, or the empty one). Before any record is noted.
  void use_output_marks(const wire::OutputMark& from, double max_wait_s);
  // How far the --emit file has got.
  void note_output(const wire::OutputMark& mark);

  std::uint64_t items_done() const;
  // Whether a journal entry or checkpoint holds `item`. Without the lock,
  // for a whole pass over the items: only while no worker runs (--resume
  // asks it before the launch).
  bool is_done(std::uint64_t item) const;
  // The items not done yet, in increasing order.
  std::vector<std::uint64_t> items_left() const;
  // Removes from `items` those a checkpoint delivered: recovery must not run
  // again what a worker finished before it died.
  void drop_done(std::vector<std::uint64_t>& items) const;
  // The results of every checkpoint, for the merge.
  std::vector<ShardResult> take_results();
  // Commits what the journal holds: every checkpoint so far is then on
  // disk, but for those still waiting for records (checkpoints_waiting).
  void commit();
  std::size_t checkpoints_waiting() const;

  // A sink handing an in-process worker's checkpoints to this collector.
  std::unique_ptr<CheckpointSink> sink();

 private:
  // The rest with mutex_ held.
  void keep(const std::vector<ItemRange>& items, ShardResult result);
  void journal(std::vector<ItemRange> items, std::string payload);
  bool all_recorded(const std::vector<ItemRange>& items) const;
  void journal_records_of(const std::vector<ItemRange>& items);
  // Journals the waiting checkpoints that may go: all their records noted,
  // and (with marks) passed by the output or waited long enough, or `all`.
  void journal_waiting(bool all);

  struct Waiting {
    std::vector<ItemRange> items;
    std::string payload;
    std::uint64_t last_item = 0;
    std::int64_t since_ns = 0;
  };

  const Task& task_;
  JournalWriter* journal_;
  const bool with_records_;
  mutable std::mutex mutex_;
  std::vector<bool> done_;
  std::uint64_t done_count_ = 0;
  std::vector<ShardResult> results_;
  std::vector<bool> recorded_;     // with_records_: items whose record was noted
  std::vector<Waiting> waiting_;   // checkpoints not journaled yet
  wire::RecordBatch records_;      // without marks: noted, not journaled yet
  // With marks: the records noted but neither in the output nor journaled.
  bool marks_ = false;
  std::map<std::uint64_t, std::string> unjournaled_;
  wire::OutputMark mark_;            // how far the output has got
  wire::OutputMark journaled_mark_;  // the last the journal holds
  std::int64_t max_wait_ns_ = 0;
};

}  // namespace mpingest
