#pragma once
// The parent's end of --emit: writes JSON Lines records to the output,
// in input order unless --unordered.
//
// Every item is reported exactly once, as a record or as an empty one
// (an error item has no record), so the writer knows when the next item in
// order is complete. Out-of-order records wait in a reorder buffer whose
// size is bounded: once it holds more than `max_pending_bytes`, callers ask
// should_pause() and stop taking records from workers that are ahead.
// That never stalls a healthy run: every dispatch hands a worker its items
// in increasing order, so the worker that owns the next item in order has
// delivered only items before it, and is never paused. When a worker
// fails, the next item may be one it took along: the caller then lifts the
// bound (stop_pausing) until replacements run, and skip()s items that end
// as errors without a record (poison), so the writer never waits for them.
//
// Records are written whole, a batch of them per write(2), through an
// OutputChannel: a stop signal or a closed reader ends the output at a
// record boundary (common/output_channel.h).
//
// For --journal, an ordered writer to a regular file reports after each
// write how far the file has got (an output mark: items, bytes, its tail),
// so the journal need not keep records the file holds. A resumed run
// continues such a file after its last mark (continue_after), and first
// hands over the records its journal holds (replay): they are written in
// their turn, read from the journal's map, never copied into the reorder
// buffer.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/output_channel.h"
#include "ipc/output_mark.h"

namespace mpingest {

class RecordWriter {
 public:
  // Writes to `out` (not owned) the records of items 0..item_count-1.
  // Not thread-safe: see SharedRecordWriter for threads.
  RecordWriter(OutputChannel& out, bool ordered, std::size_t max_pending_bytes, std::size_t item_count);
  // Writes the whole records still buffered (not the reorder buffer's),
  // swallowing errors: the run is unwinding.
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  // Item `item`'s record ("" for none). A second put for the same item is
  // ignored: a replacement worker re-emits what a dead worker had already
  // sent, identically. Throws as OutputChannel::write_all does.
  void put(std::uint64_t item, std::string_view record);
  // Item `item` ends without a record (it became an error after all).
  void skip(std::uint64_t item) { put(item, {}); }
  // Called with each item's record as it is taken, once per item (--journal keeps them).
  using Observer = std::function<void(std::uint64_t item, std::string_view record)>;
  void observe(Observer observer) { observer_ = std::move(observer); }
  // Whether marks can be reported: ordered, to a regular file.
  bool can_mark() const { return ordered_ && out_.regular_file(); }
  // Called after each write with how far the output has got (when can_mark()).
  using MarkObserver = std::function<void(const wire::OutputMark& mark)>;
  void observe_marks(MarkObserver observer) {
    if (can_mark()) mark_observer_ = std::move(observer);
  }
  // An output continued after `mark` (OutputChannel::continue_file): items
  // before mark.items are written already. Before any put() or replay().
  void continue_after(const wire::OutputMark& mark);
  // Records of an earlier run, by item, sorted, before any put(): taken as
  // put() but not observed. The views must outlive the writer.
  using Replayed = std::vector<std::pair<std::uint64_t, std::string_view>>;
  void replay(Replayed records);
  // Whether a worker that last delivered `last_item` should wait.
  bool should_pause(std::uint64_t last_item) const {
    return ordered_ && pausing_ && pending_bytes_ > max_pending_bytes_ && last_item > next_;
  }
  // After a worker failed: nobody is paused until resume_pausing().
  void stop_pausing() { pausing_ = false; }
  void resume_pausing() { pausing_ = true; }
  // Writes whatever is still pending, in item order, skipping gaps (items
  // lost with a failed worker), and flushes the output.
  void finish();

  std::uint64_t next_item() const { return next_; }
  std::uint64_t records_written() const { return written_; }
  std::size_t peak_pending_bytes() const { return peak_pending_bytes_; }

 private:
  // Appends to the batch; flush_if_full() writes it once it is large
  // enough, called when next_ counts every record in it.
  void write(std::string_view record);
  void flush_if_full();
  void flush();
  // Writes the records that are next in order: replayed or pending.
  void write_ready();

  OutputChannel& out_;
  bool ordered_;
  bool pausing_ = true;
  std::size_t max_pending_bytes_;
  std::uint64_t next_ = 0;  // the next item in input order
  std::map<std::uint64_t, std::string> pending_;
  std::size_t pending_bytes_ = 0;
  std::size_t peak_pending_bytes_ = 0;
  std::uint64_t written_ = 0;
  std::vector<bool> seen_;  // one bit per item
  std::string batch_;       // whole records not yet written
  Observer observer_;
  MarkObserver mark_observer_;
  std::uint64_t bytes_before_ = 0;  // an output continued: what it held already
  std::string tail_;                // the output's last bytes, for marks
  Replayed replayed_;
  std::size_t next_replayed_ = 0;  // ordered: the first of replayed_ not written yet
};

}  // namespace mpingest
