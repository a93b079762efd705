#include "corpus/item_list.h"

#include <algorithm>
#include <numeric>

#include "common/system_error.h"

namespace mpingest {

std::string describe_item_kind(ItemKind kind, int err) {
  switch (kind) {
    case ItemKind::regular: return "regular file";
    case ItemKind::symlink: return "symbolic link, not followed (use --follow-symlinks)";
    case ItemKind::dangling_symlink: return "symbolic link to a missing target";
    case ItemKind::fifo: return "not a regular file (FIFO), not opened";
    case ItemKind::socket: return "not a regular file (socket), not opened";
    case ItemKind::char_device: return "not a regular file (character device), not opened";
    case ItemKind::block_device: return "not a regular file (block device), not opened";
    case ItemKind::unreadable_directory: return "cannot read directory: " + errno_text(err);
    case ItemKind::malformed_record: return "malformed record";
    case ItemKind::other: break;
  }
  return "not a regular file, not opened";
}

const char* corpus_format_name(CorpusFormat format) {
  switch (format) {
    case CorpusFormat::maildir: return "maildir";
    case CorpusFormat::csv: return "csv";
    case CorpusFormat::mbox: return "mbox";
  }
  return "?";
}

void ItemList::add_record(const RecordLocation& where, std::string_view error) {
  arena_.append(error);
  offsets_.push_back(arena_.size());
  kinds_.push_back(error.empty() ? ItemKind::regular : ItemKind::malformed_record);
  errnos_.push_back(0);
  records_.push_back(where);
}

std::string ItemTable::label(std::size_t i) const {
  switch (format()) {
    case CorpusFormat::maildir: return std::string(path(i));
    case CorpusFormat::csv:
      return "row " + std::to_string(i + 1) + " (line " + std::to_string(record(i).line) + ")";
    case CorpusFormat::mbox:
      return "message " + std::to_string(i + 1) + " (line " + std::to_string(record(i).line) + ")";
  }
  return std::to_string(i);
}

std::string ItemTable::describe_kind(std::size_t i) const {
  if (kind(i) == ItemKind::malformed_record) return std::string(path(i));
  return describe_item_kind(kind(i), error_number(i));
}

void ItemList::add(std::string_view relative_path, ItemKind kind, int err) {
  arena_.append(relative_path);
  offsets_.push_back(arena_.size());
  kinds_.push_back(kind);
  errnos_.push_back(err);
}

void ItemList::reserve(std::size_t items, std::size_t path_bytes) {
  arena_.reserve(arena_.size() + path_bytes);
  offsets_.reserve(offsets_.size() + items);
  kinds_.reserve(kinds_.size() + items);
  errnos_.reserve(errnos_.size() + items);
}

bool ItemList::is_sorted_by_path() const {
  for (std::size_t i = 1; i < size(); ++i) {
    if (path(i) < path(i - 1)) return false;
  }
  return true;
}

void ItemList::sort_by_path() {
  std::vector<std::size_t> order(size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [this](std::size_t a, std::size_t b) { return path(a) < path(b); });
  ItemList sorted(root_, format_);
  sorted.reserve(size(), arena_.size());
  for (std::size_t i : order) sorted.add(path(i), kinds_[i], errnos_[i]);
  *this = std::move(sorted);
}

}  // namespace mpingest
