#pragma once
// The item list as one flat image, and a table that reads items from the
// image where it lies. A spawned worker uses it over the run's shared memory
// (the parent wrote the image once; the worker owns none of it, as a forked
// worker owns none of the list it inherits) or over the frame it was sent
// (one copy, never decoded into a second).
//
// Layout, every section 8-aligned from the start, native byte order (the
// image never leaves the machine):
//   ImageHeader
//   offsets   (count + 1) x u64   string i is arena[offsets[i], offsets[i+1])
//   errnos    count x i32
//   kinds     count x u8
//   records   count x RecordLocation, or none
//   root      root_bytes
//   arena     arena_bytes

#include <string>
#include <string_view>

#include "corpus/item_list.h"

namespace mpingest {

std::string encode_item_image(const ItemList& items);

class MappedItemTable final : public ItemTable {
 public:
  // Checks the whole image before anything is read from it (it may be a
  // corrupt frame or a segment scribbled on): sizes, every offset, every kind.
  // Throws RunError naming what is wrong. `image` must stay where it is, and
  // start 8-aligned, for the table's lifetime.
  explicit MappedItemTable(std::string_view image);

  std::size_t size() const override { return count_; }
  const std::string& root() const override { return root_; }
  CorpusFormat format() const override { return format_; }
  std::size_t text_column() const override { return text_column_; }
  std::string_view path(std::size_t i) const override {
    return std::string_view(arena_ + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  ItemKind kind(std::size_t i) const override { return kinds_[i]; }
  int error_number(std::size_t i) const override { return errnos_[i]; }
  const RecordLocation& record(std::size_t i) const override { return records_[i]; }

 private:
  std::size_t count_ = 0;
  std::string root_;
  CorpusFormat format_ = CorpusFormat::maildir;
  std::size_t text_column_ = 0;
  const std::uint64_t* offsets_ = nullptr;
  const std::int32_t* errnos_ = nullptr;
  const ItemKind* kinds_ = nullptr;
  const RecordLocation* records_ = nullptr;
  const char* arena_ = nullptr;
};

}  // namespace mpingest
