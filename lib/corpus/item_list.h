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

#include "corpus/item_table.h"

namespace mpingest {

class ItemList final : public ItemTable {
 public:
  ItemList() = default;
  // `root`: the maildir directory, or the csv/mbox file.
  explicit ItemList(std::string root, CorpusFormat format = CorpusFormat::maildir)
      : root_(std::move(root)), format_(format) {}

  // maildir: an entry at `relative_path`.
  void add(std::string_view relative_path, ItemKind kind, int err = 0);
  // csv, mbox: a record; a non-empty `error` marks it malformed.
  void add_record(const RecordLocation& where, std::string_view error = {});
  // Room for `items` more entries of `path_bytes` bytes in all, so that a
  // list built in one go is not copied as it grows (nor left twice its size).
  void reserve(std::size_t items, std::size_t path_bytes);
  // Sorts by relative path, byte-wise: deterministic across runs and modes.
  void sort_by_path();
  bool is_sorted_by_path() const;

  std::size_t size() const override { return kinds_.size(); }
  const std::string& root() const override { return root_; }
  CorpusFormat format() const override { return format_; }
  std::string_view path(std::size_t i) const override {
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  const RecordLocation& record(std::size_t i) const override { return records_[i]; }
  ItemKind kind(std::size_t i) const override { return kinds_[i]; }
  int error_number(std::size_t i) const override { return errnos_[i]; }
  std::size_t text_column() const override { return text_column_; }
  void set_text_column(std::size_t column) { text_column_ = column; }

  // The flat image a spawned worker reads in place (mapped_item_table.h).
  friend std::string encode_item_image(const ItemList& items, std::size_t first, std::size_t count);

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
