#include "corpus/item_reader.h"

namespace mpingest {
namespace {

class MaildirReader final : public ItemReader {
 public:
  MaildirReader(const ItemTable& items, std::uint64_t max_bytes) : items_(items), files_(items.root(), max_bytes) {}
  ReadOutcome read(std::size_t index) override { return files_.read(items_.path(index)); }

 private:
  const ItemTable& items_;
  FileReader files_;
};

}  // namespace

std::unique_ptr<ItemReader> make_item_reader(const ItemTable& items, std::uint64_t max_bytes) {
  if (items.format() == CorpusFormat::maildir) return std::make_unique<MaildirReader>(items, max_bytes);
  return make_record_reader(items, max_bytes);
}

}  // namespace mpingest
