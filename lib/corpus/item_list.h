#pragma once
// The parent's list of work items, in a fixed order that every mode shares.
// Two shapes:
// - maildir: one item per directory entry under the root, sorted by path;
// - records (csv, mbox): one item per record of one file, in file order,
//   located by byte offset and length, so workers read it with pread().
// Strings live in one arena (paths, or records' error reasons), so the list
// is compact, cheap to share copy-on-write with forked workers, and cheap
// to serialize for workers that must be sent it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

class ItemList {
 public:
  ItemList() = default;
  // `root`: the maildir directory, or the csv/mbox file.
  explicit ItemList(std::string root, CorpusFormat format = CorpusFormat::maildir)
      : root_(std::move(root)), format_(format) {}

  // maildir: an entry at `relative_path`.
  void add(std::string_view relative_path, ItemKind kind, int err = 0);
  // csv, mbox: a record; a non-empty `error` marks it malformed.
  void add_record(const RecordLocation& where, std::string_view error = {});
  // maildir: adds the items of `sorted_parts` (each sorted by path, all
  // listed under this list's root) in path order: a k-way merge, linear.
  void merge_sorted(const std::vector<ItemList>& sorted_parts);
  // Sorts by relative path, byte-wise: deterministic across runs and modes.
  void sort_by_path();

  std::size_t size() const { return kinds_.size(); }
  bool empty() const { return kinds_.empty(); }
  const std::string& root() const { return root_; }
  CorpusFormat format() const { return format_; }
  // maildir: the path relative to the root; records: the error reason ("" if fine).
  std::string_view path(std::size_t i) const {
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  const RecordLocation& record(std::size_t i) const { return records_[i]; }
  // What reports call item i: its path, or "row 17 (line 42)", "message 3 (line 120)".
  std::string label(std::size_t i) const;
  // Why item i cannot be processed, if its kind says so already.
  std::string describe_kind(std::size_t i) const;
  ItemKind kind(std::size_t i) const { return kinds_[i]; }
  int error_number(std::size_t i) const { return errnos_[i]; }

  // csv: the column holding each message.
  std::size_t text_column() const { return text_column_; }
  void set_text_column(std::size_t column) { text_column_ = column; }

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & root_ & format_ & text_column_ & arena_ & offsets_ & kinds_ & errnos_ & records_;
  }

 private:
  std::string root_;
  CorpusFormat format_ = CorpusFormat::maildir;
  std::size_t text_column_ = 0;
  std::string arena_;                            // paths (maildir) or error reasons (records), back to back
  std::vector<std::uint64_t> offsets_{0};        // string i is arena_[offsets_[i], offsets_[i+1])
  std::vector<ItemKind> kinds_;
  std::vector<std::int32_t> errnos_;
  std::vector<RecordLocation> records_;          // records only
};

}  // namespace mpingest
