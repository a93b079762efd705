#pragma once
// How far an --emit file had got, as a --journal records it: the records of
// its first `items` items (`records` of them not empty) fill its first
// `bytes` bytes, which end with `tail`. A resumed run checks that the file
// still ends so there, cuts it there and goes on from item `items`, so the
// journal need not hold the records the output holds already.

#include <cstdint>
#include <string>
#include <string_view>

namespace mpingest::wire {

struct OutputMark {
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;
  std::uint64_t records = 0;
  std::string tail;  // the last kOutputMarkTail bytes before `bytes`, or all of them

  bool operator==(const OutputMark& other) const {
    return items == other.items && bytes == other.bytes && records == other.records && tail == other.tail;
  }
  bool operator!=(const OutputMark& other) const { return !(*this == other); }
};

constexpr std::size_t kOutputMarkTail = 256;

// The payload of a journal_output frame: items, bytes, records (u64 each), then the tail.
std::string encode_output_mark(const OutputMark& mark);
// Throws WireError if the payload is not a sound mark.
OutputMark decode_output_mark(std::string_view payload);

}  // namespace mpingest::wire
