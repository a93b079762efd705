#pragma once
// A checkpoint: part of a worker's result, sent while it works, for the
// items it has finished since its last one. With --journal, each is
// appended to the journal as it arrives, so that an interrupted run can be
// resumed without redoing them. The items are strided ranges, so that a
// round-robin share (i, i+N, i+2N, ...) is one range, not one per item.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result/totals.h"

namespace mpingest {

// Items first, first + stride, ... below end.
struct ItemRange {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
  std::uint64_t stride = 1;

  std::uint64_t size() const { return end <= first ? 0 : (end - first + stride - 1) / stride; }
  // The last item; only for a range that is not empty.
  std::uint64_t last() const { return first + (size() - 1) * stride; }
  // The range's first item at or past `item` (end or beyond when none).
  std::uint64_t first_from(std::uint64_t item) const {
    return item <= first ? first : first + (item - first + stride - 1) / stride * stride;
  }
  template <class Visit>
  void for_each(Visit visit) const {
    for (std::uint64_t item = first; item < end; item += stride) visit(item);
  }
};

// Builds the ranges of items given in increasing order.
class ItemRangeBuilder {
 public:
  void add(std::uint64_t item);
  bool empty() const { return ranges_.empty(); }
  // The ranges so far; starts afresh.
  std::vector<ItemRange> take();

 private:
  std::vector<ItemRange> ranges_;
  std::uint64_t last_ = 0;  // the last item added to ranges_.back()
};

struct Checkpoint {
  std::vector<ItemRange> items;
  ShardResult result;  // the envelope's totals and errors, and the task's partial, for those items only
};

namespace wire {

// [range count][first, end, stride each][the result, as serialize_result].
// A checkpoint frame's payload and a journal entry's are the same bytes.
std::string encode_checkpoint(const std::vector<ItemRange>& items, std::string_view result_bytes);
std::string encode_checkpoint(const Checkpoint& checkpoint);

// Splits a payload into its ranges and its result's bytes. Returns "" or
// why the payload is unsound: cut short, ranges out of order, or items not
// below `item_count`.
std::string split_checkpoint(std::string_view payload, std::uint64_t item_count, std::vector<ItemRange>& items,
                             std::string_view& result_bytes);

}  // namespace wire
}  // namespace mpingest
