#pragma once
// A task is the per-item work a run applies, like the function handed to
// Python's Pool.map(f, items): the runner (launch x dispatch x ipc, recovery,
// progress, reports) reads each item and hands its bytes to the task; the
// task counts what it wants into a partial result of its own, one per
// worker; the parent merges the partials and asks the task for its part of
// the report. The runner's envelope (items, messages, bytes, errors, worker
// statistics, failures) is the same for every task.
//
// A task is known by name (task_registry.h): a spawned worker, or a rank on
// another machine, can only be told a name, as Python pickles a function by
// reference. Most tasks are written against the typed form in typed_task.h;
// this is the type-erased interface the runner holds.

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mpingest/text_encoding.h"

namespace boost::archive {
class binary_oarchive;
}
namespace mpingest::wire {
class BoundedBinaryIArchive;
}

namespace mpingest {

class ItemTable;

// What every task is told about the run (the same in every worker).
struct TaskOptions {
  TextEncoding encoding = TextEncoding::latin1;  // how message bytes become characters
  std::size_t top = 0;       // --top K: how many of the most frequent things to report (0: the task's default)
  bool emit_body = false;    // --emit-body: records carry the message body

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & encoding & top & emit_body;
  }
};

// One item, as a task sees it: its text, and where it came from.
struct TaskItem {
  std::uint64_t index = 0;   // the item's number in input order
  std::string_view text;     // the message: a maildir file's bytes, a CSV field, an mbox message
  const ItemTable* items = nullptr;

  // What reports call the item: its path, or "row 17 (line 42)".
  std::string label() const;
};

// What processing one item produced, besides the partial result.
struct ItemResult {
  // Why the item could not be processed, or "" if it was. An item with a
  // reason becomes an error item of the run (listed, not counted as a
  // message); the task must then have left its partial as it was.
  std::string error;
  // With --emit, non-null: the task may set it to the item's record (one
  // JSON object, no newline). Left empty, the item has no record.
  std::string* record = nullptr;
};

// A worker's result, or the merge of several. Opaque to the runner.
class TaskPartial {
 public:
  virtual ~TaskPartial() = default;
  // Adds `other` (a partial of the same task) into this one. Must be
  // associative and commutative: workers finish in any order.
  virtual void merge(TaskPartial&& other) = 0;
  // Boost.Serialization, in the archives the runner's wire format uses.
  virtual void save(boost::archive::binary_oarchive& archive) const = 0;
  virtual void load(wire::BoundedBinaryIArchive& archive) = 0;
};

// One worker's processing state (buffers it reuses across items).
class TaskWorker {
 public:
  virtual ~TaskWorker() = default;
  // Called from one thread at a time, item after item. Must not throw for
  // a bad item: it sets result.error instead.
  virtual void process(const TaskItem& item, TaskPartial& partial, ItemResult& result) = 0;
};

// A task's part of the report.
struct TaskReport {
  // Rows added to "totals", in the text report between bytes and errors
  // and in the JSON report's "totals" object.
  std::vector<std::pair<std::string, std::uint64_t>> totals;
  std::string totals_note;  // text report: a line under the totals ("" for none)
  std::string text;         // text report: a section after the workers ("" for none)
  nlohmann::json json = nlohmann::json::object();  // merged into the JSON report's top level

  bool operator==(const TaskReport& o) const {
    return totals == o.totals && totals_note == o.totals_note && text == o.text && json == o.json;
  }
  bool operator!=(const TaskReport& o) const { return !(*this == o); }
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;  // one line, for --help
  // An empty partial: what a worker starts from, and what merging starts from.
  virtual std::unique_ptr<TaskPartial> make_partial() const = 0;
  virtual std::unique_ptr<TaskWorker> make_worker(const TaskOptions& options) const = 0;
  // The report of the merged partial of the whole run.
  virtual TaskReport report(const TaskPartial& merged, const TaskOptions& options) const = 0;
};

}  // namespace mpingest
