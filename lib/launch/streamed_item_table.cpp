#include "launch/streamed_item_table.h"

#include <algorithm>

#include "common/system_error.h"
#include "ipc/pipe_reader.h"

namespace mpingest {
namespace {

class SeekingCursor final : public ItemCursor {
 public:
  SeekingCursor(std::unique_ptr<ItemCursor> inner, StreamedItemTable& table)
      : inner_(std::move(inner)), table_(table) {}
  bool next(std::size_t& index) override {
    if (!take(index)) return false;
    table_.seek(index);
    return true;
  }
  // The window's items stay readable only while no later slice replaces theirs.
  bool next_in_window(std::size_t& index) override {
    if (!pending_ && !exhausted_) {
      std::size_t i = 0;
      if (inner_->next(i)) pending_ = i; else exhausted_ = true;
    }
    if (!pending_ || !table_.holds(*pending_)) return false;
    index = *pending_;
    pending_.reset();
    return true;
  }
  std::uint64_t claims() const override { return inner_->claims(); }
  double claim_s() const override { return inner_->claim_s(); }
  std::vector<std::uint64_t> claimed_batches() const override { return inner_->claimed_batches(); }

 private:
  bool take(std::size_t& index) {
    if (pending_) {
      index = *pending_;
      pending_.reset();
      return true;
    }
    if (exhausted_) return false;
    exhausted_ = !inner_->next(index);
    return !exhausted_;
  }

  std::unique_ptr<ItemCursor> inner_;
  StreamedItemTable& table_;
  std::optional<std::size_t> pending_;  // taken from inner_ by next_in_window, not yet yielded
  bool exhausted_ = false;              // inner_ said no more
};

}  // namespace

StreamedItemTable::StreamedItemTable(int fd, wire::FrameDecoder decoder) : fd_(fd), decoder_(std::move(decoder)) {
  read_next_slice();
  if (slice_->first() != 0) throw RunError("the item stream does not start at item 0");
}

void StreamedItemTable::seek(std::size_t i) {
  if (i < slice_->first()) {
    throw RunError("item " + std::to_string(i) + " was asked for after item " + std::to_string(slice_->first()) +
                   ": the item stream only moves forward");
  }
  while (i >= slice_->end()) {
    if (slice_->end() >= slice_->size()) {
      throw RunError("item " + std::to_string(i) + " lies past the list's " + std::to_string(slice_->size()) +
                     " items");
    }
    read_next_slice();
  }
}

void StreamedItemTable::read_next_slice() {
  std::string payload = wire::read_frame(fd_, decoder_, wire::FrameType::items, bytes_read_).payload;
  MappedItemTable next(payload);  // checks the whole image; a std::string's data is 8-aligned
  if (slice_) {
    // Slices must tile the list: the same list, each starting where the last ended.
    if (next.first() != slice_->end() || next.size() != slice_->size() || next.root() != slice_->root() ||
        next.format() != slice_->format())
      throw RunError("the item stream's slices do not follow each other");
  }
  // Moving a string keeps its heap buffer, which `next` points into (an
  // image, 64 bytes at least, never fits the small-string buffer).
  payload_ = std::move(payload);
  slice_ = next;
  ++slices_read_;
}

std::unique_ptr<ItemCursor> SeekingDispatcher::cursor(int worker) const {
  return std::make_unique<SeekingCursor>(inner_->cursor(worker), table_);
}

std::string ItemSliceFrames::next() {
  if (sent_any_ && next_first_ >= items_.size()) return {};
  std::size_t count = std::min(slice_items_, items_.size() - next_first_);
  std::string frame = wire::encode_frame(wire::FrameType::items, encode_item_image(items_, next_first_, count));
  next_first_ += count;
  sent_any_ = true;
  return frame;
}

}  // namespace mpingest
