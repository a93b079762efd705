// Reads csv rows and mbox messages by offset with pread(), then extracts the
// message: the text column's value (unquoted) for csv, the mboxrd-unquoted
// message for mbox. The parent indexed the file once; workers never scan it.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/system_error.h"
#include "common/unique_fd.h"
#include "corpus/csv_records.h"
#include "corpus/item_reader.h"
#include "corpus/mbox_records.h"

namespace mpingest {
namespace {

class RecordReader final : public ItemReader {
 public:
  RecordReader(const ItemTable& items, std::uint64_t max_bytes)
      : items_(items), fd_(::open(items.root().c_str(), O_RDONLY | O_CLOEXEC)), max_bytes_(max_bytes) {
    if (!fd_.valid()) throw_system_error("open " + items.root(), errno);
  }

  ReadOutcome read(std::size_t index) override {
    ReadOutcome out;
    const RecordLocation& where = items_.record(index);
    if (where.length > max_bytes_) {
      out.error = "record of " + std::to_string(where.length) + " bytes exceeds --max-bytes " +
                  std::to_string(max_bytes_);
      return out;
    }
    std::string_view record;
    if (!read_at(where, record, out.error)) return out;
    std::string_view text;
    if (items_.format() == CorpusFormat::csv) {
      if (!csv_field(record, items_.text_column(), scratch_, &out.error)) return out;
      text = scratch_;
    } else {
      text = unquote_mboxrd(record, scratch_) ? std::string_view(scratch_) : record;
    }
    out.ok = true;
    out.bytes = text;
    return out;
  }

 private:
  bool read_at(const RecordLocation& where, std::string_view& record, std::string& error) {
    auto length = static_cast<std::size_t>(where.length);
    char* data = buffer_.reserve(length);
    std::size_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd_.get(), data + done, length - done, static_cast<off_t>(where.offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        error = "read failed: " + errno_text(errno);
        return false;
      }
      if (n == 0) {
        error = "the file was truncated after it was indexed";
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    record = buffer_.view(length);
    return true;
  }

  const ItemTable& items_;
  UniqueFd fd_;
  std::uint64_t max_bytes_;
  ByteBuffer buffer_;    // the raw record, reused
  std::string scratch_;  // the extracted message, reused
};

}  // namespace

std::unique_ptr<ItemReader> make_record_reader(const ItemTable& items, std::uint64_t max_bytes) {
  return std::make_unique<RecordReader>(items, max_bytes);
}

}  // namespace mpingest
