#pragma once
// Reads one item's message text, whatever the corpus format: a maildir file,
// or a record of a csv/mbox file read with pread() at its offset.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/file_reader.h"
#include "corpus/item_list.h"

namespace mpingest {

// How maildir files are read (--read). auto: io_uring batches where the
// kernel allows them, plain system calls otherwise. csv and mbox records are
// always read with pread(2) from one open file.
enum class ReadMethod : std::uint8_t { automatic, uring, syscalls };

std::string_view read_method_name(ReadMethod method);  // "auto", "io_uring", "syscalls"
std::vector<std::string> read_method_names();          // what --read accepts
ReadMethod parse_read_method(std::string_view name);   // throws UsageError

// Whether io_uring batches can be used here: empty, or why not (for the
// report, and for --read io_uring to refuse to start).
std::string io_uring_unavailable_reason();

class ItemReader {
 public:
  virtual ~ItemReader() = default;
  // The message text of item `index`, valid until the next call, or why
  // there is none. Never throws for a bad item.
  virtual ReadOutcome read(std::size_t index) = 0;

  // How many items a read_ahead() can take; 1 if the reader does not read ahead.
  virtual std::size_t read_ahead_size() const { return 1; }
  // The items about to be read, in the order read() will be asked for them:
  // a reader may fetch them together. Their texts stay valid until the next
  // read_ahead(). A hint: read() of any item still works.
  virtual void read_ahead(const std::vector<std::size_t>& /*indices*/) {}
  // Items whose text came from a read-ahead batch.
  virtual std::uint64_t batched_reads() const { return 0; }
};

// Opens what `items` live in. Throws RunError if that cannot be opened.
// A maildir reader reads in io_uring batches unless `method` is syscalls or
// io_uring cannot be set up here; it then reads one file at a time.
// `follow_symlinks`: open maildir items through symbolic links (see
// open_beneath.h); without it no link on an item's path is followed.
std::unique_ptr<ItemReader> make_item_reader(const ItemTable& items, std::uint64_t max_bytes,
                                             ReadMethod method = ReadMethod::automatic, bool follow_symlinks = false);

// The record reader (csv, mbox), in record_reader.cpp.
std::unique_ptr<ItemReader> make_record_reader(const ItemTable& items, std::uint64_t max_bytes);

}  // namespace mpingest
