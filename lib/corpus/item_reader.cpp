#include "corpus/item_reader.h"

#include <fcntl.h>

#include <array>
#include <string_view>
#include <vector>

#include "common/system_error.h"
#include "corpus/uring_batch_reader.h"

namespace mpingest {
namespace {

// Reads maildir files one by one with FileReader, or, where io_uring works,
// a read-ahead window at a time with UringBatchReader; files a batch cannot
// vouch for are read again by FileReader, which has the last word.
class MaildirReader final : public ItemReader {
 public:
  // Where io_uring cannot be set up the reader reads one by one, whatever the
  // method: the parent has refused --read io_uring before any worker started
  // if io_uring is unavailable (run_job's validate).
  MaildirReader(const ItemTable& items, std::uint64_t max_bytes, ReadMethod method, bool follow_symlinks)
      : items_(items), files_(items.root(), max_bytes, follow_symlinks), max_bytes_(max_bytes) {
    std::string why_not;
    if (method != ReadMethod::syscalls) batch_ = UringBatchReader::create(files_.root_fd(), why_not, follow_symlinks);
  }

  ReadOutcome read(std::size_t index) override {
    if (next_ < ahead_count_ && ahead_[next_] == index) {
      if (std::optional<std::string_view> text = batch_->bytes(next_++)) {
        ++batched_;
        return {true, *text, {}};
      }
    }
    return files_.read(items_.path(index));
  }

  std::size_t read_ahead_size() const override { return batch_ ? UringBatchReader::kSlots : 1; }

  void read_ahead(const std::vector<std::size_t>& indices) override {
    next_ = 0;
    ahead_count_ = 0;
    if (!batch_) return;
    paths_.clear();
    for (std::size_t index : indices) {
      if (ahead_count_ == UringBatchReader::kSlots) break;
      if (items_.kind(index) != ItemKind::regular) continue;  // never read: listed as it is
      ahead_[ahead_count_++] = index;
      paths_.push_back(items_.path(index));
    }
    batch_->read(paths_, max_bytes_);
  }

  std::uint64_t batched_reads() const override { return batched_; }

 private:
  const ItemTable& items_;
  FileReader files_;
  std::uint64_t max_bytes_;
  std::unique_ptr<UringBatchReader> batch_;  // null: plain system calls only
  std::array<std::size_t, UringBatchReader::kSlots> ahead_{};  // items of the last read_ahead, in order
  std::size_t ahead_count_ = 0;
  std::size_t next_ = 0;  // the next of them read() expects
  std::vector<std::string_view> paths_;  // of the read-ahead items, reused
  std::uint64_t batched_ = 0;
};

}  // namespace

std::string_view read_method_name(ReadMethod method) {
  switch (method) {
    case ReadMethod::uring: return "io_uring";
    case ReadMethod::syscalls: return "syscalls";
    case ReadMethod::automatic: break;
  }
  return "auto";
}

constexpr ReadMethod kReadMethods[] = {ReadMethod::automatic, ReadMethod::uring, ReadMethod::syscalls};

std::vector<std::string> read_method_names() {
  std::vector<std::string> names;
  for (ReadMethod m : kReadMethods) names.emplace_back(read_method_name(m));
  return names;
}

ReadMethod parse_read_method(std::string_view name) {
  for (ReadMethod m : kReadMethods) {
    if (name == read_method_name(m)) return m;
  }
  throw UsageError("unknown --read method: " + std::string(name));
}

std::string io_uring_unavailable_reason() {
  std::string why_not;
  if (!UringBatchReader::create(AT_FDCWD, why_not) && why_not.empty()) why_not = "io_uring unavailable";
  return why_not;
}

std::unique_ptr<ItemReader> make_item_reader(const ItemTable& items, std::uint64_t max_bytes, ReadMethod method,
                                             bool follow_symlinks) {
  if (items.format() == CorpusFormat::maildir)
    return std::make_unique<MaildirReader>(items, max_bytes, method, follow_symlinks);
  return make_record_reader(items, max_bytes);
}

}  // namespace mpingest
