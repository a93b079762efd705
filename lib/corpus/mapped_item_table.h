#pragma once
// The item list as one flat image, and a table that reads items from the
// image where it lies. A spawned worker uses it over the run's shared memory
// (the parent wrote the image once; the worker owns none of it, as a forked
// worker owns none of the list it inherits) or over the frame it was sent
// (one copy, never decoded into a second).
//
// An image may hold a slice of the list, items [first, first + count): over
// a pipe the list is streamed to a spawned worker slice by slice
// (corpus/item_stream.h), so that the worker's memory does not grow with it.
// A table over a slice answers for the indices of its slice only.
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

// The image of the whole list, or of items [first, first + count).
std::string encode_item_image(const ItemList& items);
std::string encode_item_image(const ItemList& items, std::size_t first, std::size_t count);

class MappedItemTable final : public ItemTable {
 public:
  // Checks the whole image before anything is read from it (it may be a
  // corrupt frame or a segment scribbled on): sizes, every offset, every kind.
  // Throws RunError naming what is wrong. `image` must stay where it is, and
  // start 8-aligned, for the table's lifetime.
  explicit MappedItemTable(std::string_view image);

  // The whole list's size; only items [first(), end()) are in this image.
  std::size_t size() const override { return list_size_; }
  std::size_t first() const { return first_; }
  std::size_t end() const { return first_ + count_; }
  const std::string& root() const override { return root_; }
  CorpusFormat format() const override { return format_; }
  std::size_t text_column() const override { return text_column_; }
  std::string_view path(std::size_t i) const override {
    i -= first_;
    return std::string_view(arena_ + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  ItemKind kind(std::size_t i) const override { return kinds_[i - first_]; }
  int error_number(std::size_t i) const override { return errnos_[i - first_]; }
  const RecordLocation& record(std::size_t i) const override { return records_[i - first_]; }

 private:
  std::size_t count_ = 0;
  std::size_t first_ = 0;
  std::size_t list_size_ = 0;
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
