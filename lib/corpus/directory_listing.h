#pragma once
// One directory's entries, read with getdents64(2) and sorted so that a
// depth-first walk taking them in order lists the whole tree in byte-wise
// path order, with no sort of full paths afterwards.
//
// The trick is the key: a subdirectory sorts as "name/", because every path
// below it starts with "name/". So "a.txt" comes before "a/1." (as '.' <
// '/'), and "a-b/" before both, exactly as the full paths sort.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/item_table.h"

namespace mpingest {

class DirectoryListing {
 public:
  struct Entry {
    std::uint32_t key_offset = 0;  // in keys_
    std::uint32_t key_size = 0;
    ItemKind kind = ItemKind::regular;  // for an entry that is not a directory to descend into
    int error_number = 0;               // for an entry whose type could not be read
  };

  const std::vector<Entry>& entries() const { return entries_; }
  // The name, and "/" after it for a directory to descend into.
  std::string_view key(const Entry& e) const { return std::string_view(keys_).substr(e.key_offset, e.key_size); }
  std::string_view name(const Entry& e) const { return key(e).substr(0, e.key_size - (is_directory(e) ? 1 : 0)); }
  bool is_directory(const Entry& e) const { return keys_[e.key_offset + e.key_size - 1] == '/'; }
  // The bytes of every key together.
  std::size_t key_bytes() const { return keys_.size(); }
  // Set if the directory could not be read to its end.
  int error_number() const { return error_number_; }

  // Lists the directory open at `dir_fd` (which stays open), sorted by key.
  // Entries whose type getdents does not give are fstatat'ed; with
  // `follow_symlinks` a symlink takes its target's type, or is a
  // dangling_symlink item. `buffer` is reused across calls.
  static DirectoryListing read(int dir_fd, bool follow_symlinks, std::vector<char>& buffer);

 private:
  void add(int dir_fd, const char* name, unsigned char d_type, bool follow_symlinks);

  std::string keys_;  // every entry's key, back to back
  std::vector<Entry> entries_;
  int error_number_ = 0;
};

}  // namespace mpingest
