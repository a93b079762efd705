#pragma once
// The parent's list of work items: one entry per directory entry found under
// the input root, in sorted path order. Paths live in one arena so the list
// is compact, cheap to share copy-on-write with forked workers, and cheap to
// serialize for workers that must be sent it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

// What enumeration found. Only `regular` items are ever opened; every other
// kind becomes an error item with the reason from describe_item_kind().
enum class ItemKind : std::uint8_t {
  regular,
  symlink,               // not followed unless asked
  dangling_symlink,      // asked to follow, but the target is missing
  fifo,
  socket,
  char_device,
  block_device,
  unreadable_directory,  // errno recorded with the item
  other,
};

// Reason text for an item that is not processed because of its kind.
std::string describe_item_kind(ItemKind kind, int err);

class ItemList {
 public:
  ItemList() = default;
  explicit ItemList(std::string root) : root_(std::move(root)) {}

  void add(std::string_view relative_path, ItemKind kind, int err = 0);
  // Sorts by relative path, byte-wise: deterministic across runs and modes.
  void sort_by_path();

  std::size_t size() const { return kinds_.size(); }
  bool empty() const { return kinds_.empty(); }
  const std::string& root() const { return root_; }
  std::string_view path(std::size_t i) const {
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  ItemKind kind(std::size_t i) const { return kinds_[i]; }
  int error_number(std::size_t i) const { return errnos_[i]; }
  std::size_t path_bytes() const { return arena_.size(); }

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & root_ & arena_ & offsets_ & kinds_ & errnos_;
  }

 private:
  std::string root_;
  std::string arena_;                            // all relative paths, back to back
  std::vector<std::uint64_t> offsets_{0};        // path i is arena_[offsets_[i], offsets_[i+1])
  std::vector<ItemKind> kinds_;
  std::vector<std::int32_t> errnos_;
};

}  // namespace mpingest
