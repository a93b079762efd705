#pragma once
// Read access to the run's work items, whoever holds them: the parent's
// ItemList, or a spawned worker's view of the list's image in shared memory
// or in the frame it was sent (corpus/mapped_item_table.h). Workers and
// readers take an ItemTable, so a worker never needs its own copy.

#include <cstdint>
#include <string>
#include <string_view>

namespace mpingest {

// What enumeration found. Only `regular` items are ever opened; every other
// kind becomes an error item with the reason from describe_item_kind().
enum class ItemKind : std::uint8_t {
  regular,
  symlink,               // not followed unless asked
  dangling_symlink,      // asked to follow, but the target is missing
  fifo,
  socket,
  char_device,
  block_device,
  unreadable_directory,  // errno recorded with the item
  other,
  malformed_record,      // csv/mbox: the scanner's reason is recorded with the item
};

enum class CorpusFormat : std::uint8_t { maildir, csv, mbox };

const char* corpus_format_name(CorpusFormat format);

// Where a record lies in its file.
struct RecordLocation {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::uint64_t line = 0;  // 1-based line where the record starts

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & offset & length & line;
  }
};

// Reason text for an item that is not processed because of its kind.
std::string describe_item_kind(ItemKind kind, int err);

class ItemTable {
 public:
  virtual ~ItemTable() = default;

  virtual std::size_t size() const = 0;
  bool empty() const { return size() == 0; }
  // The maildir directory, or the csv/mbox file.
  virtual const std::string& root() const = 0;
  virtual CorpusFormat format() const = 0;
  // csv: the column holding each message.
  virtual std::size_t text_column() const = 0;
  // maildir: the path relative to the root; records: the error reason ("" if fine).
  virtual std::string_view path(std::size_t i) const = 0;
  virtual ItemKind kind(std::size_t i) const = 0;
  virtual int error_number(std::size_t i) const = 0;
  // Records only.
  virtual const RecordLocation& record(std::size_t i) const = 0;

  // What reports call item i: its path, or "row 17 (line 42)", "message 3 (line 120)".
  std::string label(std::size_t i) const;
  // Why item i cannot be processed, if its kind says so already.
  std::string describe_kind(std::size_t i) const;
};

}  // namespace mpingest
