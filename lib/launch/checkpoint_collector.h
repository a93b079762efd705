#pragma once
// The parent's end of checkpoints (result/checkpoint.h), shared by every
// launch mode: each checkpoint is journaled (--journal) and its result kept
// for the merge, and the collector knows which items are done, so that
// recovery never re-runs an item a worker finished before it died and a
// resumed run runs only what its journal lacks. Thread-safe: threads hand
// checkpoints over concurrently.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "journal/journal_file.h"
#include "mpingest/task.h"
#include "result/checkpoint.h"
#include "worker/checkpoint_sink.h"

namespace mpingest {

class CheckpointCollector {
 public:
  // `journal` (not owned) may be null: checkpoints are then only merged.
  CheckpointCollector(const Task& task, std::size_t item_count, JournalWriter* journal);

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

  std::uint64_t items_done() const;
  // The items not done yet, in increasing order.
  std::vector<std::uint64_t> items_left() const;
  // Removes from `items` those a checkpoint delivered: recovery must not run
  // again what a worker finished before it died.
  void drop_done(std::vector<std::uint64_t>& items) const;
  // The results of every checkpoint, for the merge.
  std::vector<ShardResult> take_results();
  // Commits what the journal holds (every checkpoint so far is then on disk).
  void commit();

  // A sink handing an in-process worker's checkpoints to this collector.
  std::unique_ptr<CheckpointSink> sink();

 private:
  void keep(const std::vector<ItemRange>& items, ShardResult result);  // with mutex_ held

  const Task& task_;
  JournalWriter* journal_;
  mutable std::mutex mutex_;
  std::vector<bool> done_;
  std::uint64_t done_count_ = 0;
  std::vector<ShardResult> results_;
};

}  // namespace mpingest
