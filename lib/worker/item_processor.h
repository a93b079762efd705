#pragma once
// The per-item body every launch mode runs: read the item, hand its bytes to
// the task, account for it in the envelope (a message or an error), and pass
// its record on. One processor per worker; it reuses its buffers across items.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

#include "corpus/item_reader.h"
#include "corpus/item_list.h"
#include "result/totals.h"
#include "result/trace_events.h"
#include "mpingest/task.h"
#include "worker/record_sink.h"
#include "worker/test_fault.h"
#include "mpingest/text_encoding.h"

namespace mpingest {

struct ProcessingOptions {
  std::string task = "capitals";          // --task: a name in tasks/task_registry.h
  TextEncoding encoding = TextEncoding::latin1;
  std::uint64_t max_bytes = 64ull << 20;  // larger items are listed as errors
  bool emit_records = false;              // --emit: one JSON record per message
  bool emit_body = false;                 // --emit-body: records carry the body
  std::size_t top = 0;                    // --top K (0: the task's default)
  ReadMethod read_method = ReadMethod::automatic;  // --read: how maildir files are read
  bool follow_symlinks = false;           // --follow-symlinks: items are opened through links, as listed
  double checkpoint_s = 0;                // --journal: hand over what is done at most this often (0: no checkpoints)
  TraceDetail trace = TraceDetail::off;   // --trace, --trace-items: what the worker records of its time

  TaskOptions task_options() const { return {encoding, top, emit_body}; }

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & task & encoding & max_bytes & emit_records & emit_body & top & read_method & follow_symlinks & checkpoint_s & trace;
  }
};

// When one item's parts began and ended (steady_ns()): reading from start_ns
// to read_ns, waiting for the GIL until held_ns, working until done_ns. An
// item that failed before a part has that part empty.
struct ItemTimes {
  std::int64_t start_ns = 0;
  std::int64_t read_ns = 0;
  std::int64_t held_ns = 0;
  std::int64_t done_ns = 0;
};

class ItemProcessor {
 public:
  // With a `gil`, parsing and counting happen with it held, as Python's
  // interpreter holds its GIL; reading happens without it, as Python releases
  // the GIL around I/O. Time waiting for it is added to stats.wait_s.
  // With `records`, every item is also reported there (see RecordSink).
  ItemProcessor(const ItemTable& items, const ProcessingOptions& options, const Task& task,
                std::mutex* gil = nullptr, RecordSink* records = nullptr);

  // Processes item `index` into `out` (whose partial must be the task's):
  // every item ends up either counted as a message or listed in out.errors.
  // Never throws for a bad item.
  // `start_ns` is steady_ns() when the item was taken; the times returned end
  // with steady_ns() when it was done, so that a caller stamping heartbeats
  // reads the clock once per item boundary (three clock reads per item in
  // all, not six; --trace reads none more).
  ItemTimes process(std::size_t index, ShardResult& out, std::int64_t start_ns);

  // How many items read_ahead() takes at once (1: the reader does not read ahead).
  std::size_t read_ahead_size() const { return reader_->read_ahead_size(); }
  // Lets the reader fetch `indices` together before process() is called for
  // each of them, in that order; the time it takes counts as read_s. Returns
  // steady_ns() when it was done; `start_ns` is steady_ns() when it began.
  std::int64_t read_ahead(const std::vector<std::size_t>& indices, ShardResult& out, std::int64_t start_ns);
  // Items whose text came from a read-ahead batch (io_uring).
  std::uint64_t batched_reads() const { return reader_->batched_reads(); }

 private:
  void add_error(std::size_t index, std::string reason, ShardResult& out);
  void add_message(std::size_t index, std::string_view text, ShardResult& out);

  const ItemTable& items_;
  ProcessingOptions options_;
  std::mutex* gil_;
  RecordSink* records_;
  std::unique_ptr<ItemReader> reader_;
  std::unique_ptr<TaskWorker> task_;
  std::string record_;  // --emit: the item's record, reused
  TestFault test_fault_ = TestFault::from_environment();
};

}  // namespace mpingest
