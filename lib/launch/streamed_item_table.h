#pragma once
// A spawned worker's item list when it comes over the job pipe: `items`
// frames, each the image of a slice of consecutive items, in list order
// (corpus/mapped_item_table.h). The table holds one slice at a time, so a
// worker's memory is the same whatever the size of the corpus; the parent's
// pipe, which it fills only as fast as the worker reads, holds the next.
//
// Every dispatch hands a worker its items in increasing order, so a window
// that only moves forward is enough: seek(i) reads on, dropping the slices
// behind, until the slice holding item i arrives. SeekingDispatcher makes a
// worker's cursor do that for each item it yields.

#include <memory>
#include <optional>
#include <string>

#include "corpus/mapped_item_table.h"
#include "dispatch/dispatcher.h"
#include "ipc/frame_codec.h"

namespace mpingest {

class StreamedItemTable final : public ItemTable {
 public:
  // Reads the first slice from `fd` (there is always one, empty for an empty
  // list); `decoder` may already hold bytes read after the job frame.
  // Throws RunError or wire::WireError if the stream is broken.
  StreamedItemTable(int fd, wire::FrameDecoder decoder);

  // Makes item i readable. Throws RunError if it lies behind the current
  // slice (a cursor went backwards) or the stream ends before it.
  void seek(std::size_t i);
  // Whether item i is in the slice held now (readable without a seek).
  bool holds(std::size_t i) const { return i >= slice_->first() && i < slice_->end(); }

  std::uint64_t bytes_read() const { return bytes_read_; }
  std::uint64_t slices_read() const { return slices_read_; }

  std::size_t size() const override { return slice_->size(); }
  const std::string& root() const override { return slice_->root(); }
  CorpusFormat format() const override { return slice_->format(); }
  std::size_t text_column() const override { return slice_->text_column(); }
  std::string_view path(std::size_t i) const override { return slice_->path(i); }
  ItemKind kind(std::size_t i) const override { return slice_->kind(i); }
  int error_number(std::size_t i) const override { return slice_->error_number(i); }
  const RecordLocation& record(std::size_t i) const override { return slice_->record(i); }

 private:
  void read_next_slice();

  int fd_;
  wire::FrameDecoder decoder_;
  std::string payload_;                  // the current slice's image; slice_ reads it in place
  std::optional<MappedItemTable> slice_;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t slices_read_ = 0;
};

// Hands out `inner`'s cursors, each seeking `table` to every index it yields.
class SeekingDispatcher final : public Dispatcher {
 public:
  SeekingDispatcher(std::unique_ptr<Dispatcher> inner, StreamedItemTable& table)
      : inner_(std::move(inner)), table_(table) {}
  std::unique_ptr<ItemCursor> cursor(int worker) const override;

 private:
  std::unique_ptr<Dispatcher> inner_;
  StreamedItemTable& table_;
};

// The frames the parent streams for `items`: slice after slice, in order.
class ItemSliceFrames {
 public:
  ItemSliceFrames(const ItemList& items, std::size_t slice_items)
      : items_(items), slice_items_(slice_items > 0 ? slice_items : 1) {}
  // The next frame, or "" once all were given (an empty list gives one).
  std::string next();

 private:
  const ItemList& items_;
  std::size_t slice_items_;
  std::size_t next_first_ = 0;
  bool sent_any_ = false;
};

}  // namespace mpingest
