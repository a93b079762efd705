#include "result/checkpoint.h"

#include <cstring>

#include "result/result_codec.h"

namespace mpingest {

void ItemRangeBuilder::add(std::uint64_t item) {
  if (!ranges_.empty()) {
    ItemRange& open = ranges_.back();
    if (open.first == last_ && item > last_) {  // a range of one item takes any stride
      open.stride = item - last_;
    }
    if (item == last_ + open.stride && item > last_) {
      open.end = item + 1;
      last_ = item;
      return;
    }
  }
  ranges_.push_back({item, item + 1, 1});
  last_ = item;
}

std::vector<ItemRange> ItemRangeBuilder::take() {
  std::vector<ItemRange> out;
  out.swap(ranges_);
  return out;
}

namespace wire {
namespace {

void append_u64(std::string& out, std::uint64_t value) { out.append(reinterpret_cast<const char*>(&value), sizeof value); }

std::uint64_t take_u64(std::string_view& in) {
  std::uint64_t value = 0;
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return value;
}

}  // namespace

std::string encode_checkpoint(const std::vector<ItemRange>& items, std::string_view result_bytes) {
  std::string payload;
  payload.reserve(8 + items.size() * 24 + result_bytes.size());
  append_u64(payload, items.size());
  for (const ItemRange& range : items) {
    append_u64(payload, range.first);
    append_u64(payload, range.end);
    append_u64(payload, range.stride);
  }
  payload.append(result_bytes);
  return payload;
}

std::string encode_checkpoint(const Checkpoint& checkpoint) {
  return encode_checkpoint(checkpoint.items, serialize_result(checkpoint.result));
}

std::string split_checkpoint(std::string_view payload, std::uint64_t item_count, std::vector<ItemRange>& items,
                             std::string_view& result_bytes) {
  if (payload.size() < 8) return "a checkpoint is cut short";
  const std::uint64_t count = take_u64(payload);
  if (count > payload.size() / 24) return "a checkpoint's item ranges are cut short";
  items.clear();
  std::uint64_t after = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    ItemRange range;
    range.first = take_u64(payload);
    range.end = take_u64(payload);
    range.stride = take_u64(payload);
    if (range.first < after || range.end <= range.first || range.stride == 0 || range.end > item_count)
      return "a checkpoint holds items out of order or beyond the input's " + std::to_string(item_count);
    after = range.end;
    items.push_back(range);
  }
  result_bytes = payload;
  return "";
}

}  // namespace wire
}  // namespace mpingest
