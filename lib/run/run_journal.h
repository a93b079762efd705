#pragma once
// --journal and --resume, for run_job: the journal is opened (created, or
// with --resume read, checked against this run and reopened after the
// entries it keeps), and a collector takes the workers' checkpoints, with
// the resumed ones already in it. With --emit the journal keeps the records
// too (those the --emit file does not hold): the writer's records and output
// marks go to the collector, and a resumed run continues the --emit file
// after its last mark and first writes the records its journal holds.

#include <optional>

#include "journal/journal_file.h"
#include "launch/checkpoint_collector.h"
#include "output/record_writer.h"
#include "run/run_job.h"

namespace mpingest {

// What must match for a journal to be resumed by this run (journal_file.h).
JournalIdentity journal_identity(const RunConfig& config, const ItemList& items, const ProcessingOptions& processing);

class RunJournal {
 public:
  // Nothing to do without --journal. Throws UsageError when --resume meets
  // a journal of another run, ResourceError when it cannot be written.
  RunJournal(const RunConfig& config, const ItemList& items, const ProcessingOptions& processing, JournalStats& stats);
  ~RunJournal();
  RunJournal(const RunJournal&) = delete;
  RunJournal& operator=(const RunJournal&) = delete;

  // Where workers' checkpoints go; null without --journal.
  CheckpointCollector* checkpoints() { return collector_ ? &*collector_ : nullptr; }
  // --resume with --emit: how far the interrupted run's --emit file had
  // got, if its journal says; the output must then be continued from there.
  const std::optional<wire::OutputMark>& output_mark() const { return resumed_mark_; }
  // --emit: `writer` (to `output`) reports its records and marks to the
  // journal and, on --resume, continues after the mark and writes the
  // records the journal holds. Before any worker starts. `output` must
  // outlive this journal, and this journal `writer`.
  void attach(RecordWriter& writer, OutputChannel& output, JournalStats& stats);
  // Commits the journal and counts what this run wrote.
  void finish(JournalStats& stats);

 private:
  std::optional<JournalWriter> writer_;
  std::optional<CheckpointCollector> collector_;
  std::uint64_t entries_before_ = 0;
  std::shared_ptr<const MappedFile> journal_map_;  // what replayed_ views
  RecordWriter::Replayed replayed_;                 // --resume with --emit: the resumed items' records
  std::optional<wire::OutputMark> resumed_mark_;    // past the output those are
  double checkpoint_s_ = 0;
};

}  // namespace mpingest
