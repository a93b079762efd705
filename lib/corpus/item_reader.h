#pragma once
// Reads one item's message text, whatever the corpus format: a maildir file,
// or a record of a csv/mbox file read with pread() at its offset.

#include <cstdint>
#include <memory>

#include "corpus/file_reader.h"
#include "corpus/item_list.h"

namespace mpingest {

class ItemReader {
 public:
  virtual ~ItemReader() = default;
  // The message text of item `index`, valid until the next call, or why
  // there is none. Never throws for a bad item.
  virtual ReadOutcome read(std::size_t index) = 0;
};

// Opens what `items` live in. Throws RunError if that cannot be opened.
std::unique_ptr<ItemReader> make_item_reader(const ItemTable& items, std::uint64_t max_bytes);

// The record reader (csv, mbox), in record_reader.cpp.
std::unique_ptr<ItemReader> make_record_reader(const ItemTable& items, std::uint64_t max_bytes);

}  // namespace mpingest
